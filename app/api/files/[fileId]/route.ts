import { userRoute } from "@/lib/auth/guard";
import { downloadHeaders, getFileForDownload } from "@/lib/files";

export const dynamic = "force-dynamic";

/** The file's bytes, as an attachment; `?inline=1` shows an image in the page instead. */
export const GET = userRoute<{ fileId: string }>(async (request, { user, prisma, params: { fileId } }) => {
  const { file, stream } = await getFileForDownload(prisma, { userId: user.id, fileId });
  const inline = new URL(request.url).searchParams.get("inline") === "1";
  return new Response(stream, { headers: downloadHeaders(file, { inline }) });
});
