import { userRoute } from "@/lib/auth/guard";
import { ValidationError } from "@/lib/errors";
import { listMessages, postMessage } from "@/lib/messages";

export const dynamic = "force-dynamic";

/** A page of messages, oldest first: the latest, or those before `?before=<seq>`. */
export const GET = userRoute<{ threadId: string }>(async (request, { user, prisma, params: { threadId } }) => {
  const before = new URL(request.url).searchParams.get("before");
  const beforeSeq = before === null ? undefined : Number.parseInt(before, 10);
  if (beforeSeq !== undefined && !(beforeSeq > 0)) throw new ValidationError("`before` must be a positive message number.");
  return Response.json(await listMessages(prisma, { threadId, userId: user.id, beforeSeq }));
});

/** Posts a message: `{ content, clientId?, runOptions?, fileIds? }`; mentioned assistants start runs. */
export const POST = userRoute<{ threadId: string }>(async (request, { user, prisma, params: { threadId } }) => {
  const body = (await request.json().catch(() => null)) as { content?: unknown; clientId?: unknown; runOptions?: unknown; fileIds?: unknown } | null;
  if (!body || typeof body !== "object") throw new ValidationError("Send a JSON body: { content, clientId?, runOptions?, fileIds? }.");
  const message = await postMessage(prisma, { userId: user.id, threadId, content: body.content, clientId: body.clientId, runOptions: body.runOptions, fileIds: body.fileIds });
  return Response.json(message, { status: 201 });
});
