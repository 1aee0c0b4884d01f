import { describe, expect, it } from "vitest";
import { applyPersonEvent } from "../../components/shell/thread-list";
import type { ThreadListItem } from "../../lib/threads/dto";

const thread = (id: string, title = id, archivedAt: string | null = null): ThreadListItem => ({ id, title, archivedAt });

describe("a person's live thread list", () => {
  it("puts a thread they join first, and changes one they have in place", () => {
    const list = [thread("a"), thread("b")];
    expect(applyPersonEvent(list, { type: "thread.updated", thread: thread("c") })).toEqual([thread("c"), thread("a"), thread("b")]);
    expect(applyPersonEvent(list, { type: "thread.updated", thread: thread("b", "Renamed", "2026-01-01T00:00:00.000Z") })).toEqual([
      thread("a"),
      thread("b", "Renamed", "2026-01-01T00:00:00.000Z"),
    ]);
  });

  it("drops a thread they were removed from, and takes a whole list as it comes", () => {
    expect(applyPersonEvent([thread("a"), thread("b")], { type: "thread.removed", threadId: "a" })).toEqual([thread("b")]);
    expect(applyPersonEvent([thread("a")], { type: "threads", threads: [thread("x")] })).toEqual([thread("x")]);
  });
});
