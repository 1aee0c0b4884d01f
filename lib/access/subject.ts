import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { visibleFileWhere } from "../files/access";
import type { ThreadRole } from "../threads/dto";

/** What an action or route acts on, named by the input field or path parameter that holds its id. */
export type SubjectKey = "threadId" | "runId" | "messageId" | "assistantId" | "fileId";

/** The subject as the permission table needs it, loaded in one query. */
export type LoadedSubject =
  | { kind: "thread" | "run" | "message"; threadId: string | null; role: ThreadRole | null; archived: boolean; authorUserId: string | null }
  | { kind: "assistant"; exists: boolean; ownerId: string | null }
  | { kind: "file"; visible: boolean };

const membership = (userId: string) => ({ archivedAt: true, members: { where: { userId }, select: { role: true } } }) as const;

function inThread(kind: "thread" | "run" | "message", threadId: string | null, thread: { archivedAt: Date | null; members: { role: ThreadRole }[] } | null | undefined, authorUserId: string | null = null): LoadedSubject {
  return { kind, threadId: thread ? threadId : null, role: thread?.members[0]?.role ?? null, archived: Boolean(thread?.archivedAt), authorUserId };
}

/** Loads the subject with the person's relation to it; a missing one loads as "no role" (refused like a stranger's). */
export async function loadSubject(prisma: PrismaClient, key: SubjectKey, id: string, userId: string): Promise<LoadedSubject> {
  switch (key) {
    case "threadId": {
      const thread = await prisma.thread.findUnique({ where: { id }, select: membership(userId) });
      return inThread("thread", id, thread);
    }
    case "runId": {
      const run = await prisma.run.findUnique({ where: { id }, select: { threadId: true, thread: { select: membership(userId) } } });
      return inThread("run", run?.threadId ?? null, run?.thread);
    }
    case "messageId": {
      const message = await prisma.message.findUnique({ where: { id }, select: { threadId: true, authorUserId: true, thread: { select: membership(userId) } } });
      return inThread("message", message?.threadId ?? null, message?.thread, message?.authorUserId ?? null);
    }
    case "assistantId": {
      const assistant = await prisma.assistant.findFirst({ where: { id, deletedAt: null }, select: { ownerId: true } });
      return { kind: "assistant", exists: Boolean(assistant), ownerId: assistant?.ownerId ?? null };
    }
    case "fileId":
      return { kind: "file", visible: (await prisma.file.count({ where: { AND: [{ id }, visibleFileWhere(userId)] } })) > 0 };
  }
}
