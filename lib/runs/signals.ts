import "server-only";
import { EventEmitter } from "node:events";

// In-process signals between the code that changes runs and the workers that execute them. With
// several app instances, workers also poll the database, so a missed signal only costs latency.
type Signals = { queue: EventEmitter; running: Map<string, AbortController>; live: Map<string, { content: string }> };

const cache = globalThis as typeof globalThis & { __roundtableRunSignals?: Signals };

function signals(): Signals {
  cache.__roundtableRunSignals ??= { queue: new EventEmitter().setMaxListeners(0), running: new Map(), live: new Map() };
  return cache.__roundtableRunSignals;
}

/** Tells this instance's workers that a run may be ready to start. */
export function wakeRunWorkers(): void {
  signals().queue.emit("wake");
}

export function onWake(listener: () => void): () => void {
  signals().queue.on("wake", listener);
  return () => signals().queue.off("wake", listener);
}

/** Registers a run being executed here, so that a cancel stops its model stream at once. */
export function registerRunning(runId: string, controller: AbortController): () => void {
  signals().running.set(runId, controller);
  return () => signals().running.delete(runId);
}

/**
 * Why a run was stopped. Plain strings, not error classes: the worker and the actions that stop
 * runs can sit in different server bundles, each with its own copy of any class.
 */
export type StopReason = "cancelled" | "expired" | "interrupted";

export function abortRunning(runId: string, reason: StopReason): boolean {
  const controller = signals().running.get(runId);
  controller?.abort(reason);
  return Boolean(controller);
}

/** The text of replies being streamed by this instance, by message id (fresher than the database). */
export function liveReplies(): Map<string, { content: string }> {
  return signals().live;
}
