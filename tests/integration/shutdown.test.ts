import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PersonEvent } from "../../lib/events/types";
import { onShutdown, shutdown } from "../../lib/lifecycle";
import { postMessage } from "../../lib/messages";
import type { RunWorker } from "../../lib/runs/worker";
import { describeEachDatabase, freshDatabase } from "../support/databases";
import { room } from "../support/fixtures";
import { startModelServer, type ModelServer } from "../support/model-server";
import { runsOfMessage, startWorker, waitForRun } from "../support/runs";
import { personEventStream } from "../../lib/threads/live";
import { SseReader, watchThread } from "../support/sse";

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());

const longReply = { chunks: Array.from({ length: 200 }, (_, index) => `w${index} `), tokenDelayMs: 50 };

describeEachDatabase("a stopping run worker", (database) => {
  let worker: RunWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    server.reset();
  });

  async function streamingRun() {
    const { prisma } = database();
    const { member, thread, assistant } = await room(prisma);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} talk` });
    const [run] = await runsOfMessage(prisma, message.id);
    await waitForRun(prisma, run!.id, ["in_progress"]);
    return run!;
  }

  it("lets a run in progress finish within the grace period", async () => {
    const { prisma } = database();
    server.script({ chunks: ["almost ", "done"], tokenDelayMs: 300 });
    worker = await startWorker(prisma, server);
    const run = await streamingRun();
    await worker.stop({ graceMs: 20_000 });
    expect(await prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "completed" });
    expect(await prisma.message.findFirstOrThrow({ where: { runId: run.id } })).toMatchObject({ content: "almost done", status: "completed" });
  });

  it("fails a run still going after the grace period with a clear reason, keeping what was written", async () => {
    const { prisma } = database();
    server.script(longReply);
    worker = await startWorker(prisma, server);
    const run = await streamingRun();
    await worker.stop({ graceMs: 100 });
    expect(await prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "failed", lastErrorCode: "interrupted" });
    const reply = await prisma.message.findFirstOrThrow({ where: { runId: run.id } });
    expect(reply.status).toBe("incomplete");
    expect(reply.content).not.toContain("w199");
  });
});

describe("the shutdown sequence", () => {
  it("ends open event streams, then stops the work in progress, then closes storage, each once", async () => {
    const database = await freshDatabase("pglite");
    const { prisma } = database;
    const { member, thread } = await room(prisma);
    server.script(longReply);
    const worker = await startWorker(prisma, server);
    const run = await streamingRun();
    const viewer = watchThread(prisma, { threadId: thread.id, userId: member.id });
    const threadList = new SseReader<PersonEvent>(personEventStream(prisma, { userId: member.id, signal: new AbortController().signal }));
    await viewer.until((frames) => frames.some((frame) => frame.event.type === "presence"));
    await threadList.until((frames) => frames.length > 0);

    // Reading to the end proves that the streams were closed, not just abandoned.
    const ended = Promise.all([viewer.until(() => viewer.done), threadList.until(() => threadList.done)]);
    const seen: string[] = [];
    onShutdown("work", async () => {
      await ended;
      // A stream opened while stopping ends at once.
      const late = watchThread(prisma, { threadId: thread.id, userId: member.id });
      await late.until(() => late.done);
      seen.push("work: streams ended");
      await worker.stop({ graceMs: 100 });
    });
    onShutdown("storage", async () => {
      const { status } = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
      seen.push(`storage: run ${status}`);
      await database.close();
    });
    await Promise.all([shutdown(), shutdown()]);
    expect(seen).toEqual(["work: streams ended", "storage: run failed"]);

    async function streamingRun() {
      const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${(await prisma.assistant.findFirstOrThrow()).handle} talk` });
      const [queued] = await runsOfMessage(prisma, message.id);
      await waitForRun(prisma, queued!.id, ["in_progress"]);
      return queued!;
    }
  });
});
