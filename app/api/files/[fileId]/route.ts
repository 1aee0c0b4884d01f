import { z } from "zod";
import { guardedRoute } from "@/lib/access/guard";
import { downloadHeaders, getFileForDownload } from "@/lib/files";

export const dynamic = "force-dynamic";

/** The file's bytes, as an attachment; `?inline=1` shows an image in the page instead. */
export const GET = guardedRoute(
  { permission: "file.read", params: ["fileId"], subject: "fileId", query: z.object({ inline: z.string().optional() }) },
  async ({ user, prisma, params: { fileId }, query }) => {
    const { file, stream } = await getFileForDownload(prisma, { userId: user.id, fileId });
    return new Response(stream, { headers: downloadHeaders(file, { inline: query.inline === "1" }) });
  },
);
