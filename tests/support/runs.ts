import type { PrismaClient } from "../../lib/db/generated/client";
import { modelProvider } from "../../lib/llm";
import type { RunStatus } from "../../lib/runs/dto";
import { RunWorker, workerOptions, type WorkerOptions } from "../../lib/runs/worker";
import type { ModelServer } from "./model-server";

/** A run worker whose model is the test model server, with short timings for tests. */
export async function startWorker(prisma: PrismaClient, server: ModelServer, overrides: Partial<WorkerOptions> = {}): Promise<RunWorker> {
  const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "test-key", MODEL_TIMEOUT_SECONDS: "1" };
  const worker = new RunWorker(prisma, {
    ...workerOptions(env, false),
    provider: modelProvider(env),
    pollMs: 50,
    heartbeatMs: 100,
    ...overrides,
  });
  await worker.start();
  return worker;
}

/** Waits until the run reaches one of `statuses` (or fails the test after `timeoutMs`). */
export async function waitForRun(prisma: PrismaClient, runId: string, statuses: RunStatus[], timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    if (statuses.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${run.status}, not ${statuses.join(" or ")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function runsOfMessage(prisma: PrismaClient, messageId: string) {
  return prisma.run.findMany({ where: { triggerMessageId: messageId }, orderBy: { queueOrder: "asc" }, include: { assistant: true } });
}
