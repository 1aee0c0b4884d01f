import "server-only";
import type { Tx } from "../events/record";
import { NotFoundError } from "../errors";

/** A thread's state as the run engine checks it. */
export type Room = { threadId: string; archived: boolean; assistantChainLength: number };

type RoomRow = { id: string; archivedAt: Date | null; assistantChainLength: number };
const toRoom = (row: RoomRow): Room => ({ threadId: row.id, archived: row.archivedAt !== null, assistantChainLength: row.assistantChainLength });

/**
 * Locks the thread's row until the transaction ends, and reads its state. Whatever queues, claims,
 * stops or ends a run locks its thread first, as do changes to the room (archiving, people and
 * assistants leaving): so they are serialised per thread, a check made under the lock holds until
 * the commit, and no two transactions wait on each other's run rows in opposite orders.
 */
export async function lockRoom(tx: Tx, threadId: string): Promise<Room> {
  const [row] = await tx.$queryRaw<RoomRow[]>`
    SELECT "id", "archivedAt", "assistantChainLength" FROM "Thread" WHERE "id" = ${threadId} FOR NO KEY UPDATE`;
  if (!row) throw new NotFoundError("This thread does not exist.");
  return toRoom(row);
}

/** Locks the thread of the run (see lockRoom). */
export async function lockRoomOfRun(tx: Tx, runId: string): Promise<Room> {
  const [row] = await tx.$queryRaw<RoomRow[]>`
    SELECT t."id", t."archivedAt", t."assistantChainLength" FROM "Thread" t JOIN "Run" r ON r."threadId" = t."id"
    WHERE r."id" = ${runId} FOR NO KEY UPDATE OF t`;
  if (!row) throw new NotFoundError("This run does not exist.");
  return toRoom(row);
}
