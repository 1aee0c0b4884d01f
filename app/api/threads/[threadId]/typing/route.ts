import { guardedRoute } from "@/lib/access/guard";
import { eventBus } from "@/lib/events/bus";

/** Tells the thread's viewers that this person is typing. */
export const POST = guardedRoute({ permission: "typing.send", params: ["threadId"], subject: "threadId" }, async ({ user, access }) => {
  await eventBus().publish(access.threadId, { type: "typing", user: { id: user.id, name: user.name } });
  return new Response(null, { status: 204 });
});
