import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { eventsAfter } from "../../lib/events/record";
import { postMessage } from "../../lib/messages";
import { cancelRun, listRunsForAssistant, listRunsForThread, retryRun, runDTO } from "../../lib/runs";
import { stopHere } from "../../lib/runs/control";
import { executeRun } from "../../lib/runs/execute";
import { workerOptions, type RunWorker } from "../../lib/runs/worker";
import { describeEachDatabase } from "../support/databases";
import { roomWithTwoAssistants } from "../support/fixtures";
import { startModelServer, type ModelServer } from "../support/model-server";
import { runsOfMessage, startWorker, waitForRun } from "../support/runs";

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());

describeEachDatabase("runs", (database) => {
  let worker: RunWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    server.reset();
  });

  const twoAssistants = () => roomWithTwoAssistants(database().prisma);

  it("runs a mentioned assistant to completion: streamed reply, steps, usage, and every status announced", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await twoAssistants();
    server.script({ chunks: ["Forty", "-two", "."], usage: { prompt_tokens: 120, completion_tokens: 3 } });
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} what is six times seven?` });
    const [run] = await runsOfMessage(prisma, message.id);
    await waitForRun(prisma, run!.id, ["completed"]);

    const trace = await runDTO(prisma, run!.id);
    expect(trace).toMatchObject({ status: "completed", model: "test-model", usage: { promptTokens: 120, completionTokens: 3, totalTokens: 123 }, error: null });
    expect(trace.steps.map((step) => [step.type, step.status])).toEqual([["message_creation", "completed"]]);
    const reply = await prisma.message.findUniqueOrThrow({ where: { id: trace.replyMessageId! } });
    expect(reply).toMatchObject({ content: "Forty-two.", status: "completed", role: "assistant", authorAssistantId: assistant.id, runId: run!.id });

    const statuses = (await eventsAfter(prisma, { threadId: thread.id, afterSeq: 0, limit: 100 }))
      .flatMap((event) => (event.type === "run.updated" ? [event.run.status] : []));
    expect([...new Set(statuses)]).toEqual(["queued", "in_progress", "completed"]);
  });

  it("tells the model who said what, with the assistant's instructions", async () => {
    const { prisma } = database();
    const { owner, member, thread, assistant, writer } = await twoAssistants();
    worker = await startWorker(prisma, server);
    await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "Revenue was 10 in May." });
    const first = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${writer.handle} draft a line about May` });
    await waitForRun(prisma, (await runsOfMessage(prisma, first.id))[0]!.id, ["completed"]);
    const second = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} and June?` });
    await waitForRun(prisma, (await runsOfMessage(prisma, second.id))[0]!.id, ["completed"]);

    const request = server.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)!;
    const sent = request.body.messages as { role: string; content: string }[];
    expect(sent[0]!.role).toBe("system");
    expect(sent[0]!.content).toContain("You are Analyst");
    expect(sent[0]!.content).toContain("Always answer with numbers.");
    expect(sent.slice(1)).toEqual([
      { role: "user", content: "[Owner]: Revenue was 10 in May." },
      { role: "user", content: `[Member]: @${writer.handle} draft a line about May` },
      { role: "user", content: expect.stringMatching(/^\[Writer \(assistant\)\]: Reply from test-model-large/) },
      { role: "user", content: `[Member]: @${assistant.handle} and June?` },
    ]);
  });

  it("gives the model the assistant's function tools and temperature", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await twoAssistants();
    const parameters = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    await prisma.assistant.update({
      where: { id: assistant.id },
      data: { temperature: 0.2, tools: [{ type: "retrieval" }, { type: "function", function: { name: "get_weather", description: "Weather now", parameters } }] },
    });
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} weather in Oslo?` });
    await waitForRun(prisma, (await runsOfMessage(prisma, message.id))[0]!.id, ["completed"]);
    const request = server.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)!;
    expect(request.body.temperature).toBe(0.2);
    expect(request.body.tools).toEqual([{ type: "function", function: { name: "get_weather", description: "Weather now", parameters } }]);
  });

  it("ends the run with a clear message when the model calls a function", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await twoAssistants();
    server.script({ toolCalls: [{ name: "get_weather", arguments: '{"city":"Oslo"}' }] });
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} weather?` });
    const run = await waitForRun(prisma, (await runsOfMessage(prisma, message.id))[0]!.id, ["failed", "completed"]);
    expect(run).toMatchObject({ status: "failed", lastErrorCode: "function_calls", lastErrorMessage: "The model asked to call get_weather, but Roundtable cannot run function tools yet." });
  });

  it("queues runs for concurrent mentions and runs them one at a time, in order", async () => {
    const { prisma } = database();
    const { owner, member, thread, assistant, writer } = await twoAssistants();
    server.script({ reply: "slow one two three", tokenDelayMs: 30, times: 4 });
    const posted = await Promise.all([
      postMessage(prisma, { userId: owner.id, threadId: thread.id, content: `@${assistant.handle} then @${writer.handle}` }),
      postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${writer.handle} then @${assistant.handle}` }),
    ]);
    const runs = (await prisma.run.findMany({ where: { threadId: thread.id }, orderBy: { queueOrder: "asc" }, include: { triggerMessage: true } }));
    expect(runs).toHaveLength(4);
    const firstPosted = posted.toSorted((a, b) => a.seq - b.seq);
    expect(runs.map((run) => [run.triggerMessage!.seq, run.assistantId])).toEqual([
      [firstPosted[0]!.seq, firstPosted[0]!.mentions[0]!.id],
      [firstPosted[0]!.seq, firstPosted[0]!.mentions[1]!.id],
      [firstPosted[1]!.seq, firstPosted[1]!.mentions[0]!.id],
      [firstPosted[1]!.seq, firstPosted[1]!.mentions[1]!.id],
    ]);
    worker = await startWorker(prisma, server, { concurrency: 4 });
    const done = await Promise.all(runs.map((run) => waitForRun(prisma, run.id, ["completed"], 20_000)));
    for (let index = 1; index < done.length; index++) {
      expect(done[index]!.startedAt!.getTime()).toBeGreaterThanOrEqual(done[index - 1]!.completedAt!.getTime());
    }
  });

  it("cancels a streaming run within a second, keeping what was written", async () => {
    const { prisma } = database();
    const { member, owner, thread, assistant } = await twoAssistants();
    server.script({ chunks: Array.from({ length: 100 }, (_, i) => `word${i} `), tokenDelayMs: 50, match: "talk" });
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} talk` });
    const [run] = await runsOfMessage(prisma, message.id);
    // Once the model is streaming, let a few words arrive.
    await expect.poll(() => server.requests.some((request) => JSON.stringify(request.body?.messages?.at(-1)).includes("talk")), { timeout: 10_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = Date.now();
    await cancelRun(prisma, { runId: run!.id });
    const cancelled = await waitForRun(prisma, run!.id, ["cancelled"], 1_000);
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect(cancelled.cancelledAt).not.toBeNull();
    const reply = await prisma.message.findFirstOrThrow({ where: { runId: run!.id } });
    expect(reply.status).toBe("incomplete");
    expect(reply.content).toMatch(/^word0 /);
    expect(reply.content).not.toContain("word99");
    await expect(cancelRun(prisma, { runId: run!.id })).rejects.toThrow("already finished");
  });

  it("cancels a queued run before it starts", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await twoAssistants();
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} later` });
    const [run] = await runsOfMessage(prisma, message.id);
    await expect(cancelRun(prisma, { runId: run!.id })).resolves.toMatchObject({ status: "cancelled" });
    worker = await startWorker(prisma, server);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(0);
  });

  for (const fault of [
    { name: "HTTP 500", script: { status: 500, errorMessage: "upstream exploded" }, code: "provider_error", message: /HTTP 500.*upstream exploded/ },
    { name: "a timeout", script: { hangMs: 3_000 }, code: "timeout", message: /did not answer for 1 seconds/ },
    { name: "a cut stream", script: { chunks: ["partial ", "answer ", "never ", "ends"], cutAfterChunks: 2 }, code: "stream_cut", message: /cut off/ },
  ]) {
    it(`fails with a clear error on ${fault.name}, and a retry works`, async () => {
      const { prisma } = database();
      const { member, thread, assistant } = await twoAssistants();
      server.script(fault.script);
      worker = await startWorker(prisma, server);
      const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} try` });
      const [run] = await runsOfMessage(prisma, message.id);
      const failed = await waitForRun(prisma, run!.id, ["failed", "completed"]);
      expect(failed).toMatchObject({ status: "failed", lastErrorCode: fault.code });
      expect(failed.lastErrorMessage).toMatch(fault.message);
      expect(await prisma.message.findFirstOrThrow({ where: { runId: run!.id } })).toMatchObject({ status: "incomplete" });

      const retry = await retryRun(prisma, { userId: member.id, runId: run!.id });
      await waitForRun(prisma, retry.id, ["completed"]);
      expect((await prisma.message.findFirstOrThrow({ where: { runId: retry.id } })).content).toMatch(/^Reply from test-model/);
    });
  }

  it("after a restart, ends the run that was in progress and starts the queued ones", async () => {
    const { prisma } = database();
    const { member, thread, assistant, writer } = await twoAssistants();
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} and @${writer.handle}` });
    const [interrupted, waiting] = await runsOfMessage(prisma, message.id);
    // As a process that died mid-run leaves it.
    await prisma.run.update({ where: { id: interrupted!.id }, data: { status: "in_progress", startedAt: new Date(), heartbeatAt: new Date(), workerId: "gone" } });
    worker = await startWorker(prisma, server, { recoverAllOnStart: true });
    expect(await waitForRun(prisma, interrupted!.id, ["failed"])).toMatchObject({ lastErrorCode: "interrupted", lastErrorMessage: expect.stringContaining("server stopped") });
    await waitForRun(prisma, waiting!.id, ["completed"]);
  });

  it("hands off when a reply mentions another assistant, and stops a loop at the limit, saying so in the thread", async () => {
    const { prisma } = database();
    const { member, thread, assistant, writer } = await twoAssistants();
    server.script({ reply: `Over to you @${writer.handle}`, times: 10, match: "test-model" }, { reply: `Back to you @${assistant.handle}`, times: 10, match: "test-model-large" });
    worker = await startWorker(prisma, server, { maxHandoffs: 2 });
    await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} start` });
    await expect.poll(async () => prisma.run.count({ where: { threadId: thread.id, status: { in: ["completed", "cancelled"] } } }), { timeout: 10_000 }).toBe(4);
    const runs = (await listRunsForThread(prisma, { threadId: thread.id })).reverse();
    expect(runs.map((run) => [run.assistant.name, run.startedBy?.name ?? "hand-off", run.status, run.error?.message ?? null])).toEqual([
      ["Analyst", "Member", "completed", null],
      ["Writer", "hand-off", "completed", null],
      ["Analyst", "hand-off", "completed", null],
      // The third reply's mention of Writer is over the limit: a run that did not start says so, after the reply that asked.
      ["Writer", "hand-off", "cancelled", "Stopped after 2 hand-offs: mention an assistant to go on."],
    ]);
    expect(runs[3]).toMatchObject({ startedAt: null, triggerMessageId: runs[2]!.replyMessageId });
    expect(await prisma.run.count({ where: { threadId: thread.id, startedAt: { not: null } } })).toBe(3);
  });

  it("uses the message's run options and shows them in the trace", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await twoAssistants();
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, {
      userId: member.id,
      threadId: thread.id,
      content: `@${assistant.handle} hi`,
      runOptions: { model: "test-model-large", instructions: "Answer in French." },
    });
    const [run] = await runsOfMessage(prisma, message.id);
    await waitForRun(prisma, run!.id, ["completed"]);
    const request = server.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)!;
    expect(request.body.model).toBe("test-model-large");
    expect(request.body.messages[0].content).toContain("Answer in French.");
    expect(request.body.messages[0].content).not.toContain("Always answer with numbers.");
    expect(await runDTO(prisma, run!.id)).toMatchObject({ model: "test-model-large", overrides: { model: "test-model-large", instructions: "Answer in French." } });
    await expect(postMessage(prisma, { userId: member.id, threadId: thread.id, content: "x", runOptions: { model: 7 } })).rejects.toThrow("Run options");
  });

  it("expires a run that outlives its time limit", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await twoAssistants();
    server.script({ chunks: Array.from({ length: 50 }, () => "slow "), tokenDelayMs: 100 });
    worker = await startWorker(prisma, server);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} go` });
    const [run] = await runsOfMessage(prisma, message.id);
    await prisma.run.update({ where: { id: run!.id }, data: { expiresAt: new Date(Date.now() + 600) } });
    expect(await waitForRun(prisma, run!.id, ["expired", "completed"])).toMatchObject({ status: "expired", lastErrorCode: "expired" });
  });

  it("leaves nothing registered when a run cannot be executed", async () => {
    const { prisma } = database();
    await expect(executeRun(prisma, "no-such-run", workerOptions({}, false))).rejects.toThrow();
    // A cancel arriving now finds nothing here to stop: the run's controller did not outlive it.
    expect(stopHere("no-such-run", "cancelled")).toBe(false);
  });

  it("lists an assistant's runs only in the threads the person is a member of", async () => {
    const { prisma } = database();
    const { member, outsider, thread, assistant } = await twoAssistants();
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} hi` });
    const [run] = await runsOfMessage(prisma, message.id);
    expect((await listRunsForAssistant(prisma, { userId: member.id, assistantId: assistant.id })).map((r) => [r.id, r.threadTitle])).toEqual([[run!.id, "Planning"]]);
    expect(await listRunsForAssistant(prisma, { userId: outsider.id, assistantId: assistant.id })).toEqual([]);
  });
});
