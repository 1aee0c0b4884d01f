// How a stored message reads to the thread's viewers: the columns to load and the DTO built from
// them. Below both lib/messages (people's messages) and lib/runs (assistants' replies), which
// write messages and announce them the same way.
import "server-only";
import type { Prisma } from "../db/generated/client";
import type { RecordEvent } from "../events/record";
import { FILE_DTO_SELECT, toFileDTO } from "../files/dto";
import type { Mention } from "../mentions";
import type { MessageDTO } from "../messages/dto";

export const messageSelect = {
  id: true,
  threadId: true,
  seq: true,
  role: true,
  content: true,
  status: true,
  mentions: true,
  runId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  authorUser: { select: { id: true, name: true, image: true } },
  authorAssistant: { select: { id: true, name: true, handle: true, color: true, avatarUrl: true } },
  files: { orderBy: { createdAt: "asc" }, select: { file: { select: FILE_DTO_SELECT } } },
} satisfies Prisma.MessageSelect;

export type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export function toMessageDTO(row: MessageRow): MessageDTO {
  const { authorUser: user, authorAssistant: assistant } = row;
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    threadId: row.threadId,
    seq: row.seq,
    role: row.role,
    author: assistant
      ? { kind: "assistant", id: assistant.id, name: assistant.name, handle: assistant.handle, color: assistant.color, image: assistant.avatarUrl }
      : user
        ? { kind: "user", id: user.id, name: user.name, image: user.image }
        : { kind: "deleted", name: "Deleted user" },
    // A deleted message leaves a trace, not its words.
    content: deleted ? "" : row.content,
    status: row.status,
    mentions: deleted ? [] : (row.mentions as Mention[]),
    runId: row.runId,
    files: deleted ? [] : row.files.map(({ file }) => toFileDTO(file)),
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

/** Records that the message was created or changed, for the thread's viewers; returns what they see. */
export async function announceMessage(record: RecordEvent, type: "message.created" | "message.updated", row: MessageRow): Promise<MessageDTO> {
  const message = toMessageDTO(row);
  await record(row.threadId, { type, message });
  return message;
}
