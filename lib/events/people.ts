import "server-only";
import type { ThreadDTO, ThreadListItem } from "../threads/dto";
import type { Tx } from "./record";
import type { PersonEvent } from "./types";

export type PersonNotice = { userId: string; event: PersonEvent };

/**
 * What a thread's new snapshot changes in people's thread lists, against the snapshot recorded
 * before it: people who joined, or all members when the title or archived state changed, get the
 * thread; people who left lose it. Read under the thread's row lock, so snapshots follow each
 * other in order.
 */
export async function threadListChanges(tx: Tx, thread: ThreadDTO): Promise<PersonNotice[]> {
  const previous = await tx.threadEvent.findFirst({
    where: { threadId: thread.id, type: "thread.updated" },
    orderBy: { seq: "desc" },
    select: { data: true },
  });
  const before = previous ? (previous.data as unknown as { thread: ThreadDTO }).thread : null;
  const item: ThreadListItem = { id: thread.id, title: thread.title, archivedAt: thread.archivedAt };
  const relisted = !before || before.title !== thread.title || before.archivedAt !== thread.archivedAt;
  const was = new Set(before?.members.map((member) => member.id));
  const now = new Set(thread.members.map((member) => member.id));
  return [
    ...[...now].filter((id) => relisted || !was.has(id)).map((userId) => ({ userId, event: { type: "thread.updated", thread: item } as const })),
    ...[...was].filter((id) => !now.has(id)).map((userId) => ({ userId, event: { type: "thread.removed", threadId: thread.id } as const })),
  ];
}
