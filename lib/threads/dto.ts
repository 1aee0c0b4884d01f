// Types only: shared by the server and the browser.
export type ThreadRole = "owner" | "member";

export type MemberDTO = { id: string; name: string; email: string; image: string | null; role: ThreadRole };

export type ThreadAssistantDTO = { id: string; name: string; handle: string; color: string; image: string | null; description: string };

export type ThreadDTO = {
  id: string;
  title: string;
  archivedAt: string | null;
  members: MemberDTO[];
  assistants: ThreadAssistantDTO[];
};

/** A thread as listed in a person's sidebar. */
export type ThreadListItem = { id: string; title: string; archivedAt: string | null };
