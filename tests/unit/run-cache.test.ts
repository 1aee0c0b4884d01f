import { describe, expect, it } from "vitest";
import { upsertRun } from "../../components/thread/message-cache";

const run = (id: string, revision: number, status: string, createdAt = "2026-11-28T10:00:00.000Z") => ({ id, revision, status, createdAt });

describe("the browser's copy of a thread's runs", () => {
  it("keeps the newest revision of a run, whichever copy arrives last", () => {
    // The canceller's view: the stream brings "cancelled" before the Stop action's own answer, "cancelling".
    const fromStream = upsertRun([run("r1", 2, "cancelling")], run("r1", 3, "cancelled"));
    expect(upsertRun(fromStream, run("r1", 2, "cancelling"))).toEqual([run("r1", 3, "cancelled")]);
    expect(upsertRun([run("r1", 2, "cancelling")], run("r1", 3, "cancelled"))).toEqual([run("r1", 3, "cancelled")]);
  });

  it("adds new runs, newest first", () => {
    const older = run("r1", 1, "queued", "2026-11-28T10:00:00.000Z");
    const newer = run("r2", 1, "queued", "2026-11-28T10:00:01.000Z");
    expect(upsertRun(upsertRun(undefined, older), newer)).toEqual([newer, older]);
  });
});
