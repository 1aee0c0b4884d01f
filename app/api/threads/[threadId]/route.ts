import { guardedRoute } from "@/lib/access/guard";
import { threadDTO } from "@/lib/threads";

export const dynamic = "force-dynamic";

/** The thread as its members see it. */
export const GET = guardedRoute({ permission: "thread.read", params: ["threadId"], subject: "threadId" }, async ({ prisma, access }) =>
  Response.json(await threadDTO(prisma, access.threadId)),
);
