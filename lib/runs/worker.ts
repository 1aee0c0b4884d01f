import "server-only";
import { randomUUID } from "node:crypto";
import type { Env } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents } from "../events/record";
import { modelProvider } from "../llm";
import { onWake, stopHere } from "./control";
import { executeRun, INTERRUPTED_MESSAGE, type ExecuteOptions } from "./execute";
import { announceRun, transitionRun } from "./index";
import { finishAssistantReply } from "./replies";
import { endUnstartable, whyRunCannotStart } from "./room";

export type WorkerOptions = ExecuteOptions & {
  /** Runs executed at once by this instance (across threads; a thread has one at a time). */
  concurrency: number;
  /** How often the queue is checked without a wake-up (other instances' runs, expiries). */
  pollMs: number;
  /** A running run whose heartbeat is older than this was lost with its instance. */
  staleMs: number;
  /** With the embedded database no other process can be running runs, so any left running were lost. */
  recoverAllOnStart: boolean;
};

export function workerOptions(env: Env, embedded: boolean): WorkerOptions {
  const number = (name: string, fallback: number) => Number(env[name] || fallback);
  return {
    provider: modelProvider(env),
    contextTokens: number("MODEL_CONTEXT_TOKENS", 16_000),
    heartbeatMs: number("RUN_HEARTBEAT_MS", 1_000),
    maxHandoffs: number("RUN_MAX_HANDOFFS", 3),
    fileTextChars: number("MODEL_FILE_TEXT_CHARS", 24_000),
    concurrency: number("RUN_CONCURRENCY", 8),
    pollMs: number("RUN_POLL_MS", 1_000),
    staleMs: number("RUN_STALE_MS", 15_000),
    recoverAllOnStart: embedded,
  };
}

/**
 * Starts queued runs and executes them. Each app instance has one; the database decides which
 * instance takes which run (row locks, SKIP LOCKED, and the one-active-run-per-thread index).
 */
export class RunWorker {
  readonly id = `worker-${randomUUID()}`;
  private readonly active = new Map<string, Promise<void>>();
  private stopped = false;
  private kick: () => void = () => {};
  private loopDone: Promise<void> = Promise.resolve();
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: WorkerOptions,
  ) {}

  async start(): Promise<void> {
    if (this.options.recoverAllOnStart) await this.recover(new Date());
    this.unsubscribe = await onWake(() => this.kick());
    this.loopDone = this.loop();
  }

  /**
   * Stops taking runs. Runs in progress get `graceMs` to finish; those still going then are
   * interrupted and marked failed (Retry restarts them).
   */
  async stop({ graceMs = 0 }: { graceMs?: number } = {}): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.kick();
    const finished = Promise.allSettled([this.loopDone, ...this.active.values()]);
    let graceOver = () => {};
    const grace = setTimeout(() => graceOver(), graceMs);
    await Promise.race([finished, new Promise<void>((resolve) => (graceOver = resolve))]);
    clearTimeout(grace);
    for (const runId of this.active.keys()) stopHere(runId, "interrupted");
    await finished;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const woken = new Promise<void>((resolve) => {
        this.kick = resolve;
        setTimeout(resolve, this.options.pollMs);
      });
      try {
        await this.expireQueued();
        await this.recover(new Date(Date.now() - this.options.staleMs));
        while (!this.stopped && this.active.size < this.options.concurrency) {
          const runId = await this.claim();
          if (!runId) break;
          const execution = executeRun(this.prisma, runId, this.options)
            .catch((error: unknown) => console.error(`run ${runId} could not be executed`, error))
            .finally(() => {
              this.active.delete(runId);
              this.kick();
            });
          this.active.set(runId, execution);
        }
      } catch (error) {
        if (!this.stopped) console.error("run worker:", error);
      }
      await woken;
    }
  }

  /**
   * Moves the next startable run to in_progress: the earliest queued run of a thread that has no
   * active run. The run and its thread are locked together, skipping any another transaction holds
   * (another instance claiming, or a change to the room under way), so that claims never wait and
   * instances claim different runs side by side; if two still race for one thread, the partial
   * unique index lets only one through. With both locked, the room is checked: a run that may not
   * start any more (thread archived, assistant or asker gone) is cancelled with the reason instead.
   */
  private async claim(): Promise<string | null> {
    for (;;) {
      const claimed = await this.claimOne();
      if (claimed !== "cancelled") return claimed;
    }
  }

  private async claimOne(): Promise<string | null | "cancelled"> {
    try {
      return await withThreadEvents(this.prisma, async (tx, record) => {
        const rows = await tx.$queryRaw<{ id: string }[]>`
          SELECT r."id" FROM "Run" r JOIN "Thread" t ON t."id" = r."threadId"
          WHERE r."status" = 'queued'
            AND r."queueOrder" = (SELECT min(q."queueOrder") FROM "Run" q WHERE q."threadId" = r."threadId" AND q."status" = 'queued')
            AND NOT EXISTS (SELECT 1 FROM "Run" a WHERE a."threadId" = r."threadId" AND a."status" IN ('in_progress', 'requires_action', 'cancelling'))
          ORDER BY r."queueOrder"
          LIMIT 1
          FOR UPDATE OF r SKIP LOCKED
          FOR NO KEY UPDATE OF t SKIP LOCKED`;
        const runId = rows[0]?.id;
        if (!runId) return null;
        const blocked = await whyRunCannotStart(tx, runId);
        if (blocked) {
          await endUnstartable(tx, record, runId, blocked);
          return "cancelled";
        }
        const now = new Date();
        await tx.run.update({ where: { id: runId }, data: { status: "in_progress", startedAt: now, heartbeatAt: now, workerId: this.id }, select: { id: true } });
        await announceRun(tx, record, runId);
        return runId;
      });
    } catch (error) {
      // Another instance won the race for this thread; the next pass tries again.
      if ((error as { code?: string }).code === "P2002" || /unique/i.test(String(error))) return null;
      throw error;
    }
  }

  private async expireQueued(): Promise<void> {
    const overdue = await this.prisma.run.findMany({ where: { status: "queued", expiresAt: { lt: new Date() } }, select: { id: true } });
    for (const { id } of overdue) {
      await withThreadEvents(this.prisma, (tx, record) =>
        transitionRun(tx, record, id, "expired", { completedAt: new Date(), lastErrorCode: "expired", lastErrorMessage: "The run waited in the queue longer than its time limit." }),
      );
    }
  }

  /** Ends runs left running by an instance that died (their heartbeat stopped before `before`). */
  private async recover(before: Date): Promise<void> {
    const lost = await this.prisma.run.findMany({
      where: { status: { in: ["in_progress", "cancelling"] }, OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: before } }], id: { notIn: [...this.active.keys()] } },
      select: { id: true, status: true },
    });
    for (const run of lost) {
      await withThreadEvents(this.prisma, async (tx, record) => {
        const reply = await tx.message.findFirst({ where: { runId: run.id, status: "in_progress" }, select: { id: true, content: true } });
        if (reply) await finishAssistantReply(tx, record, { messageId: reply.id, content: reply.content, status: "incomplete" });
        await tx.runStep.updateMany({ where: { runId: run.id, status: "in_progress" }, data: { status: "failed", completedAt: new Date() } });
        const now = new Date();
        if (run.status === "cancelling") return transitionRun(tx, record, run.id, "cancelled", { cancelledAt: now, completedAt: now });
        return transitionRun(tx, record, run.id, "failed", { failedAt: now, completedAt: now, lastErrorCode: "interrupted", lastErrorMessage: INTERRUPTED_MESSAGE });
      });
    }
  }
}
