import "server-only";
import type { Prisma } from "../db/generated/client";

// Who may use a file: the one place these rules are written.
//
// - See and download it: its uploader; the members of a thread where it is on a live (not deleted)
//   message or on a run; and, while a live assistant has it, everyone signed in (assistants are
//   visible to all).
// - Attach it to a message or hand it to a run, which shares it into a thread: its uploader, and
//   the members of a thread where it is on a live message (they could download and upload it again).
// - Give it to an assistant, which shows it to everyone: its uploader only; an assistant keeps the
//   files it already has, whoever edits it.
//
// A deleted message shares nothing: its files can be neither downloaded nor attached through it.
// Without a person (a run started by an assistant's hand-off has none) nothing may be used.

/** Who may use files this way: the person, or nobody. */
type Person = string | null;
type Db = { file: Pick<Prisma.TransactionClient["file"], "count"> };

const NOBODY: Prisma.FileWhereInput = { id: { in: [] } };

const inThreadsOf = (userId: string) => ({ thread: { members: { some: { userId } } } });
const onLiveMessageOf = (userId: string): Prisma.FileWhereInput => ({ messages: { some: { message: { deletedAt: null, ...inThreadsOf(userId) } } } });

/** Files this person may see and download. */
export function visibleFileWhere(userId: Person): Prisma.FileWhereInput {
  if (!userId) return NOBODY;
  return {
    OR: [{ uploaderId: userId }, onLiveMessageOf(userId), { runs: { some: { run: inThreadsOf(userId) } } }, { assistants: { some: { assistant: { deletedAt: null } } } }],
  };
}

/** Files this person may attach to a message or hand to a run. */
export function attachableFileWhere(userId: Person): Prisma.FileWhereInput {
  if (!userId) return NOBODY;
  return { OR: [{ uploaderId: userId }, onLiveMessageOf(userId)] };
}

/** Files this person may give to an assistant (`assistantId`: one being edited, which keeps its own). */
export function assistantFileWhere(userId: Person, assistantId?: string): Prisma.FileWhereInput {
  if (!userId) return NOBODY;
  return { OR: [{ uploaderId: userId }, ...(assistantId ? [{ assistants: { some: { assistantId } } }] : [])] };
}

/** Whether every one of `fileIds` exists and this person may attach it. */
export function canAttach(db: Db, { userId, fileIds }: { userId: Person; fileIds: string[] }): Promise<boolean> {
  return allMatch(db, attachableFileWhere(userId), fileIds);
}

/** Whether every one of `fileIds` exists and this person may give it to the assistant. */
export function canGiveToAssistant(db: Db, { userId, assistantId, fileIds }: { userId: Person; assistantId?: string; fileIds: string[] }): Promise<boolean> {
  return allMatch(db, assistantFileWhere(userId, assistantId), fileIds);
}

async function allMatch(db: Db, where: Prisma.FileWhereInput, fileIds: string[]): Promise<boolean> {
  const unique = [...new Set(fileIds)];
  if (unique.length === 0) return true;
  return (await db.file.count({ where: { AND: [{ id: { in: unique } }, where] } })) === unique.length;
}
