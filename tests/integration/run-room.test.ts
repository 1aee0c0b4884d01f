import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { deleteAssistant } from "../../lib/assistants";
import type { PrismaClient } from "../../lib/db/generated/client";
import { eventsAfter, withThreadEvents } from "../../lib/events/record";
import { postMessage } from "../../lib/messages";
import type { MessageDTO } from "../../lib/messages/dto";
import { cancelRun, retryRun, runDTO } from "../../lib/runs";
import { canRetryRun } from "../../lib/runs/dto";
import { handOff } from "../../lib/runs/hand-off";
import { archiveThread, leaveThread, removeAssistantFromThread, removeMember } from "../../lib/runs/room";
import type { RunWorker } from "../../lib/runs/worker";
import { describeEachDatabase } from "../support/databases";
import { room, roomWithTwoAssistants } from "../support/fixtures";
import { startModelServer, type ModelServer, type RecordedRequest } from "../support/model-server";
import { runsOfMessage, startWorker, waitForRun } from "../support/runs";

// Runs respect the room: a run starts, hands off or goes on only while its thread allows it, its
// assistant is in the thread and (until it starts) the person who asked is too. Each case proves
// from the model server's record that no model request was made after the change.

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());

const BARRIER = "[worker pass]";
const chat = () => server.requests.filter((request) => request.path === "/v1/chat/completions");
const lastText = (request: RecordedRequest) => JSON.stringify(request.body.messages.at(-1).content);
/** Model requests made since `mark` (a count of requests), apart from the worker passes. */
const requestsSince = (mark: number) => chat().slice(mark).filter((request) => !lastText(request).includes(BARRIER));
const slowReply = (match: string, words = 100) => ({ chunks: Array.from({ length: words }, (_, i) => `word${i} `), tokenDelayMs: 40, match });

/** The reason each run last showed the thread's viewers, from the thread's stored events. */
async function reasonsShown(prisma: PrismaClient, threadId: string): Promise<Record<string, string | null>> {
  const shown: Record<string, string | null> = {};
  for (const event of await eventsAfter(prisma, { threadId, afterSeq: 0, limit: 1000 })) {
    if (event.type === "run.updated") shown[event.run.id] = event.run.error?.message ?? null;
  }
  return shown;
}

describeEachDatabase("runs respect the room", (database) => {
  let worker: RunWorker | undefined;
  let passRoom: Awaited<ReturnType<typeof room>> | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    // Whatever a test left unfinished must not run in the next one.
    await database().prisma.run.updateMany({ where: { status: { in: ["queued", "in_progress", "cancelling"] } }, data: { status: "cancelled" } });
    server.reset();
  });

  /** Waits until the model has been asked for the run's reply (its reply is being streamed). */
  const streamingStarted = () => expect.poll(() => chat().length, { timeout: 10_000 }).toBeGreaterThan(0);

  /**
   * Runs one more run to completion, in a room of its own. The worker claims runs in the order they
   * were queued, so it has then passed over every run queued before: any it could start, it started.
   */
  async function workerPass() {
    const { prisma } = database();
    passRoom ??= await room(prisma);
    const message = await postMessage(prisma, { userId: passRoom.member.id, threadId: passRoom.thread.id, content: `@${passRoom.assistant.handle} ${BARRIER}` });
    await waitForRun(prisma, (await runsOfMessage(prisma, message.id))[0]!.id, ["completed"]);
  }

  it("archiving stops the reply being streamed at once and cancels the queued runs, saying why; no model request follows", async () => {
    const { prisma } = database();
    const { owner, member, thread, assistant, writer } = await roomWithTwoAssistants(prisma);
    server.script(slowReply("test-model"));
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} and @${writer.handle}, talk` });
    const [streaming, queued] = await runsOfMessage(prisma, message.id);
    await streamingStarted();

    await archiveThread(prisma, { threadId: thread.id, archived: true });
    const mark = chat().length;
    expect(await runDTO(prisma, queued!.id)).toMatchObject({ status: "cancelled", startedAt: null, error: { code: "thread_archived", message: "Cancelled: the thread was archived." } });
    expect(await waitForRun(prisma, streaming!.id, ["cancelled", "completed"])).toMatchObject({ status: "cancelled", lastErrorMessage: "Stopped: the thread was archived." });
    const reply = await prisma.message.findFirstOrThrow({ where: { runId: streaming!.id } });
    expect(reply.status).toBe("incomplete");
    expect(reply.content).not.toContain("word99");

    expect(await reasonsShown(prisma, thread.id)).toEqual({ [streaming!.id]: "Stopped: the thread was archived.", [queued!.id]: "Cancelled: the thread was archived." });
    await expect(retryRun(prisma, { userId: owner.id, runId: queued!.id })).rejects.toThrow("archived");
    await workerPass();
    expect(requestsSince(mark)).toEqual([]);
  });

  it("a reply that would hand off, stopped by the archive, starts nobody (as reported)", async () => {
    const { prisma } = database();
    const { member, thread, assistant, writer } = await roomWithTwoAssistants(prisma);
    server.script({ chunks: [...Array.from({ length: 60 }, () => "thinking "), `over to you @${writer.handle}`], tokenDelayMs: 40, match: "test-model" });
    worker = await startWorker(prisma, server);
    await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} start` });
    await streamingStarted();
    await archiveThread(prisma, { threadId: thread.id, archived: true });
    const mark = chat().length;
    await expect.poll(() => prisma.run.count({ where: { threadId: thread.id, status: "cancelled" } }), { timeout: 10_000 }).toBe(1);
    await workerPass();
    expect(await prisma.run.count({ where: { threadId: thread.id } })).toBe(1);
    expect(requestsSince(mark)).toEqual([]);
  });

  it("archiving ends a run waiting for function outputs, so that nothing continues it", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await roomWithTwoAssistants(prisma);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} weather?` });
    const [run] = await runsOfMessage(prisma, message.id);
    // As the tool loop leaves a run that waits for a person's answer: started, its reply begun.
    const { lastMessageSeq: seq } = await prisma.thread.update({ where: { id: thread.id }, data: { lastMessageSeq: { increment: 1 } } });
    await prisma.run.update({ where: { id: run!.id }, data: { status: "requires_action", startedAt: new Date() } });
    const reply = await prisma.message.create({ data: { threadId: thread.id, seq, role: "assistant", authorAssistantId: assistant.id, runId: run!.id, status: "in_progress", content: "Let me look" } });

    await archiveThread(prisma, { threadId: thread.id, archived: true });
    expect(await runDTO(prisma, run!.id)).toMatchObject({ status: "cancelled", error: { message: "Stopped: the thread was archived." } });
    expect(await prisma.message.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({ status: "incomplete", content: "Let me look" });
  });

  it("hands off only while the thread allows it: a reply that finishes after the archive queues nothing", async () => {
    const { prisma } = database();
    const { thread, assistant, writer } = await roomWithTwoAssistants(prisma);
    const { lastMessageSeq: seq } = await prisma.thread.update({ where: { id: thread.id }, data: { lastMessageSeq: { increment: 1 } } });
    const content = `Over to you @${writer.handle}`;
    const mentions = [{ kind: "assistant" as const, id: writer.id, handle: writer.handle }];
    const row = await prisma.message.create({ data: { threadId: thread.id, seq, role: "assistant", authorAssistantId: assistant.id, content, mentions } });
    const reply = { id: row.id, content, mentions } as MessageDTO;
    const handOffNow = () => withThreadEvents(prisma, (tx, record) => handOff(tx, record, { threadId: thread.id, assistantId: assistant.id, reply, maxHandoffs: 3 }));

    await archiveThread(prisma, { threadId: thread.id, archived: true });
    expect(await handOffNow()).toBe(false);
    expect(await prisma.run.count({ where: { threadId: thread.id } })).toBe(0);
    await archiveThread(prisma, { threadId: thread.id, archived: false });
    expect(await handOffNow()).toBe(true);
    expect(await prisma.run.findMany({ where: { threadId: thread.id }, select: { assistantId: true, status: true } })).toEqual([{ assistantId: writer.id, status: "queued" }]);
  });

  it("removing an assistant stops its reply and cancels its queued runs, saying why; the others go on", async () => {
    const { prisma } = database();
    const { member, thread, assistant, writer } = await roomWithTwoAssistants(prisma);
    server.script(slowReply("test-model"));
    worker = await startWorker(prisma, server);
    const first = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} one` });
    const second = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} two, and @${writer.handle}` });
    const [streaming] = await runsOfMessage(prisma, first.id);
    const [queued, writers] = await runsOfMessage(prisma, second.id);
    await streamingStarted();

    await removeAssistantFromThread(prisma, { threadId: thread.id, assistantId: assistant.id });
    const mark = chat().length;
    expect(await runDTO(prisma, queued!.id)).toMatchObject({ status: "cancelled", error: { message: "Cancelled: Analyst was removed from the thread." } });
    expect(await waitForRun(prisma, streaming!.id, ["cancelled", "completed"])).toMatchObject({ status: "cancelled", lastErrorMessage: "Stopped: Analyst was removed from the thread." });
    expect((await prisma.message.findFirstOrThrow({ where: { runId: streaming!.id } })).status).toBe("incomplete");
    await waitForRun(prisma, writers!.id, ["completed"]);
    await workerPass();
    expect(requestsSince(mark).map((request) => request.body.model)).toEqual(["test-model-large"]);
    await expect(retryRun(prisma, { userId: member.id, runId: queued!.id })).rejects.toThrow("not in this thread");
  });

  it("deleting an assistant ends its runs in every thread, saying why", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await roomWithTwoAssistants(prisma);
    server.script(slowReply("test-model"));
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} one` });
    const later = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} two` });
    await streamingStarted();

    await deleteAssistant(prisma, { assistantId: assistant.id });
    const mark = chat().length;
    const [queued] = await runsOfMessage(prisma, later.id);
    expect(queued).toMatchObject({ status: "cancelled", lastErrorMessage: "Cancelled: Analyst was deleted." });
    const [streaming] = await runsOfMessage(prisma, message.id);
    expect(await waitForRun(prisma, streaming!.id, ["cancelled", "completed"])).toMatchObject({ status: "cancelled", lastErrorMessage: "Stopped: Analyst was deleted." });
    await workerPass();
    expect(requestsSince(mark)).toEqual([]);
  });

  for (const how of ["leaves", "is removed"] as const) {
    it(`when the person who asked ${how}, their queued runs are cancelled, saying why; their run under way finishes`, async () => {
      const { prisma } = database();
      const { owner, member, thread, assistant, writer } = await roomWithTwoAssistants(prisma);
      server.script(slowReply("test-model", 20));
      worker = await startWorker(prisma, server);
      const asked = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} and @${writer.handle}, go` });
      const ownersOwn = await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: `@${writer.handle} mine` });
      const [running, queued] = await runsOfMessage(prisma, asked.id);
      await streamingStarted();

      if (how === "leaves") await leaveThread(prisma, { userId: member.id, threadId: thread.id });
      else await removeMember(prisma, { userId: owner.id, threadId: thread.id, memberId: member.id });
      const mark = chat().length;
      const why = how === "leaves" ? "left the thread" : "was removed from the thread";
      expect(await runDTO(prisma, queued!.id)).toMatchObject({ status: "cancelled", error: { code: "asker_gone", message: `Cancelled: Member, who asked for it, ${why}.` } });
      await waitForRun(prisma, running!.id, ["completed"]);
      await waitForRun(prisma, (await runsOfMessage(prisma, ownersOwn.id))[0]!.id, ["completed"]);
      await workerPass();
      // Only the owner's own run went to the model after the member went.
      expect(requestsSince(mark).map((request) => request.body.model)).toEqual(["test-model-large"]);
      expect(await prisma.run.findUniqueOrThrow({ where: { id: queued!.id } })).toMatchObject({ startedAt: null });
    });
  }

  it("a hand-off to an assistant that is not in the thread starts nothing, and the thread says why", async () => {
    const { prisma } = database();
    const { owner, member, thread, assistant } = await roomWithTwoAssistants(prisma);
    const stranger = await prisma.assistant.create({ data: { name: "Stranger", handle: `stranger${thread.id.slice(-8)}`, model: "test-model-stranger", ownerId: owner.id } });
    server.script({ reply: `Ask @${stranger.handle}, not me.`, match: "test-model" });
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} who knows?` });
    const [run] = await runsOfMessage(prisma, message.id);
    const { replyMessageId } = await runDTO(prisma, (await waitForRun(prisma, run!.id, ["completed"])).id);
    await workerPass();

    const notice = await prisma.run.findFirstOrThrow({ where: { threadId: thread.id, assistantId: stranger.id } });
    expect(notice).toMatchObject({
      status: "cancelled",
      startedAt: null,
      triggerMessageId: replyMessageId,
      lastErrorCode: "not_in_thread",
      lastErrorMessage: `Not started: Stranger (@${stranger.handle}) is not in this thread. Add it to the thread to hand off to it.`,
    });
    expect((await reasonsShown(prisma, thread.id))[notice.id]).toBe(notice.lastErrorMessage);
    expect(chat().filter((request) => request.body.model === "test-model-stranger")).toEqual([]);
  });

  it("the worker checks the room in the claim: a run whose room changed behind its back is cancelled with the reason, never started", async () => {
    const { prisma } = database();
    const rooms = await Promise.all([0, 1, 2].map(() => roomWithTwoAssistants(prisma)));
    const runs = [];
    for (const setup of rooms) {
      const message = await postMessage(prisma, { userId: setup.member.id, threadId: setup.thread.id, content: `@${setup.assistant.handle} hello` });
      runs.push((await runsOfMessage(prisma, message.id))[0]!);
    }
    const [archived, removed, departed] = rooms;
    // Changed without the room functions, so that only the claim's own check stands in the way.
    await prisma.thread.update({ where: { id: archived!.thread.id }, data: { archivedAt: new Date() } });
    await prisma.threadAssistant.delete({ where: { threadId_assistantId: { threadId: removed!.thread.id, assistantId: removed!.assistant.id } } });
    await prisma.threadMember.delete({ where: { threadId_userId: { threadId: departed!.thread.id, userId: departed!.member.id } } });

    worker = await startWorker(prisma, server);
    await workerPass();
    const ended = await Promise.all(runs.map((run) => prisma.run.findUniqueOrThrow({ where: { id: run.id } })));
    expect(ended.map((run) => [run.status, run.startedAt, run.lastErrorMessage])).toEqual([
      ["cancelled", null, "Cancelled: the thread was archived."],
      ["cancelled", null, "Cancelled: Analyst was removed from the thread."],
      ["cancelled", null, "Cancelled: Member, who asked for it, is no longer in the thread."],
    ]);
    expect(requestsSince(0)).toEqual([]);
  });

  it("races archiving against the claim 50 times: no run starts, and no model is asked, after the archive commits", async () => {
    const { prisma } = database();
    const { owner, member, assistant } = await room(prisma);
    worker = await startWorker(prisma, server);
    const outcomes = { startedBefore: 0, neverStarted: 0 };
    for (let round = 0; round < 50; round++) {
      const thread = await prisma.thread.create({
        data: {
          title: `Race ${round}`,
          createdById: owner.id,
          members: { create: [{ userId: owner.id, role: "owner" }, { userId: member.id }] },
          assistants: { create: { assistantId: assistant.id } },
        },
      });
      const tag = `[race ${round}]`;
      const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} ${tag}` });
      // The post woke the worker; vary the head start it gets, so that both orders happen.
      await new Promise((resolve) => setTimeout(resolve, round % 8));
      await archiveThread(prisma, { threadId: thread.id, archived: true });
      const [run] = await runsOfMessage(prisma, message.id);
      await waitForRun(prisma, run!.id, ["cancelled", "completed", "failed"]);

      const events = await eventsAfter(prisma, { threadId: thread.id, afterSeq: 0, limit: 100 });
      const archivedAt = events.find((event) => event.type === "thread.updated" && event.thread.archivedAt !== null)!.seq;
      const claimedAt = events.find((event) => event.type === "run.updated" && event.run.status === "in_progress")?.seq;
      const replyAt = events.find((event) => event.type === "message.created" && event.message.role === "assistant")?.seq;
      expect(claimedAt ?? 0, `round ${round}: claimed after the archive`).toBeLessThan(archivedAt);
      expect(replyAt ?? 0, `round ${round}: reply started after the archive`).toBeLessThan(archivedAt);
      // The model is only ever asked by a run whose reply was started before the archive.
      if (chat().some((request) => lastText(request).includes(tag))) expect(replyAt, `round ${round}: model asked`).toBeDefined();
      outcomes[claimedAt === undefined ? "neverStarted" : "startedBefore"] += 1;
    }
    console.log(`archive against claim, 50 rounds [${database().target.kind}]:`, outcomes);
  }, 180_000);

  it("retries an attempt once, however many press Retry at once; the retry names who asked, and who pressed Retry", async () => {
    const { prisma } = database();
    const { owner, member, thread, assistant } = await roomWithTwoAssistants(prisma);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} later` });
    const [first] = await runsOfMessage(prisma, message.id);
    await cancelRun(prisma, { runId: first!.id });

    const pressers = [owner, member, owner, member, owner];
    const answers = await Promise.all(pressers.map((person) => retryRun(prisma, { userId: person.id, runId: first!.id })));
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
    expect(await prisma.run.count({ where: { threadId: thread.id } })).toBe(2);
    const retry = answers[0]!;
    expect(retry).toMatchObject({ status: "queued", retryOf: first!.id, startedBy: { id: member.id, name: "Member" } });
    expect([owner.id, member.id]).toContain(retry.retriedBy?.id);

    const old = await runDTO(prisma, first!.id);
    expect(old.retriedAs).toBe(retry.id);
    expect(canRetryRun(old)).toBe(false);
    // Everyone's copy of the old attempt loses its Retry too: its last announcement says it was retried.
    const announced = (await eventsAfter(prisma, { threadId: thread.id, afterSeq: 0, limit: 100 })).flatMap((event) =>
      event.type === "run.updated" && event.run.id === first!.id ? [event.run] : [],
    );
    expect(announced.at(-1)!.retriedAs).toBe(retry.id);
    expect(announced.map((run) => run.revision)).toEqual([1, 2, 3]);

    await cancelRun(prisma, { runId: retry.id });
    const again = await retryRun(prisma, { userId: owner.id, runId: retry.id });
    expect(again).toMatchObject({ startedBy: { id: member.id }, retriedBy: { id: owner.id }, retryOf: retry.id });
    expect(canRetryRun(await runDTO(prisma, retry.id))).toBe(false);
  });

  it("tells the person when the model cannot see an image they attached", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await roomWithTwoAssistants(prisma);
    const photo = await prisma.file.create({ data: { name: "photo.png", mimeType: "image/png", size: 70, sha256: "0".repeat(64), storageKey: "unused", uploaderId: member.id } });
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} what is in it?`, fileIds: [photo.id] });
    const [run] = await runsOfMessage(prisma, message.id);
    await waitForRun(prisma, run!.id, ["completed"]);
    expect(await runDTO(prisma, run!.id)).toMatchObject({ note: "test-model cannot see images, so it was not shown photo.png." });
    expect(chat()).toHaveLength(1);
  });
});
