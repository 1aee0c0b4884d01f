// Shapes that cross to the browser (JSON: dates as ISO strings). Types only: safe in client code.
import type { FileDTO } from "../files/dto";
import type { Mention } from "../mentions";

export type AuthorDTO =
  | { kind: "user"; id: string; name: string; image: string | null }
  | { kind: "assistant"; id: string; name: string; handle: string; color: string; image: string | null }
  | { kind: "deleted"; name: string };

export type MessageDTO = {
  id: string;
  threadId: string;
  seq: number;
  role: "user" | "assistant";
  author: AuthorDTO;
  content: string;
  status: "in_progress" | "completed" | "incomplete";
  mentions: Mention[];
  runId: string | null;
  files: FileDTO[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

export type MessagePage = { messages: MessageDTO[]; hasMore: boolean };
