import "server-only";
import { realtime } from "../realtime";
import { runControlChannel } from "../realtime/channels";

// Run control between the code that changes runs and the workers that execute them, on the
// realtime bus (so across instances once the bus is shared). A missed message costs latency only:
// workers also poll the queue, and a running run reads its status with each heartbeat.

/**
 * Why a run executing here was stopped. Plain strings, not error classes: the worker and the
 * actions that stop runs can sit in different server bundles, each with its own copy of any class.
 */
export type StopReason = "cancelled" | "expired" | "interrupted";

/** Tells the workers that a run may be ready to start. */
export async function wakeRunWorkers(): Promise<void> {
  await realtime().publish(runControlChannel, { type: "wake" });
}

export function onWake(listener: () => void): Promise<() => void> {
  return realtime().subscribe(runControlChannel, (message) => message.type === "wake" && listener());
}

/** Stops the cancelled run's model stream, on whichever instance is executing it. */
export async function announceCancel(runId: string): Promise<void> {
  await realtime().publish(runControlChannel, { type: "cancel", runId });
}

type Executing = { controllers: Map<string, AbortController>; listening: Promise<unknown> | null };

// On globalThis: see lib/realtime.
const cache = globalThis as typeof globalThis & { __roundtableExecutingRuns?: Executing };

function executing(): Executing {
  cache.__roundtableExecutingRuns ??= { controllers: new Map(), listening: null };
  return cache.__roundtableExecutingRuns;
}

/** Stops a run executing in this process; false if it is not executing here. */
export function stopHere(runId: string, reason: StopReason): boolean {
  const controller = executing().controllers.get(runId);
  controller?.abort(reason);
  return Boolean(controller);
}

/** Registers a run this process executes, so that a cancel stops it at once; returns the function that unregisters it. */
export async function executeHere(runId: string, controller: AbortController): Promise<() => void> {
  const state = executing();
  state.listening ??= realtime()
    .subscribe(runControlChannel, (message) => {
      if (message.type === "cancel") stopHere(message.runId, "cancelled");
    })
    .catch((error: unknown) => {
      state.listening = null;
      throw error;
    });
  await state.listening;
  state.controllers.set(runId, controller);
  return () => void state.controllers.delete(runId);
}
