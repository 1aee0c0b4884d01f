import { z } from "zod";
import { guardedRoute } from "@/lib/access/guard";
import { listMessages, postMessage } from "@/lib/messages";
import { sequenceNumber } from "@/lib/http/params";

export const dynamic = "force-dynamic";

/** A page of messages, oldest first: the latest, or those before `?before=<seq>`. */
export const GET = guardedRoute(
  { permission: "thread.read", params: ["threadId"], subject: "threadId", query: z.object({ before: sequenceNumber(1, "before").optional() }) },
  async ({ prisma, access, query }) => Response.json(await listMessages(prisma, { threadId: access.threadId, beforeSeq: query.before })),
);

const postBody = z.object({ content: z.unknown(), clientId: z.unknown().optional(), runOptions: z.unknown().optional(), fileIds: z.unknown().optional() }, {
  error: "Send a JSON body: { content, clientId?, runOptions?, fileIds? }.",
});

/** Posts a message: `{ content, clientId?, runOptions?, fileIds? }`; mentioned assistants start runs. */
export const POST = guardedRoute({ permission: "message.post", params: ["threadId"], subject: "threadId", body: postBody, limit: "post" }, async ({ user, prisma, access, body }) => {
  const message = await postMessage(prisma, { userId: user.id, threadId: access.threadId, ...body });
  return Response.json(message, { status: 201 });
});
