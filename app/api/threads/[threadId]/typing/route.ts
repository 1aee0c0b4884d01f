import { guardedRoute } from "@/lib/access/guard";
import { realtime } from "@/lib/realtime";
import { threadChannel } from "@/lib/realtime/channels";

/** Tells the thread's viewers that this person is typing. */
export const POST = guardedRoute({ permission: "typing.send", params: ["threadId"], subject: "threadId" }, async ({ user, access }) => {
  await realtime().publish(threadChannel(access.threadId), { type: "typing", user: { id: user.id, name: user.name } });
  return new Response(null, { status: 204 });
});
