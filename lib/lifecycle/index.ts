import "server-only";
import { constants } from "node:os";

/**
 * How this instance stops (SIGTERM or SIGINT): one sequence of phases, each running at once the
 * hooks that modules registered for it, and each phase waiting for the one before:
 *   1. "streams": open event streams end (browsers reconnect by themselves, to this instance
 *      once it is back, or to another one);
 *   2. "work": the run worker takes no new runs and lets the ones in progress finish within a
 *      grace period, then fails the rest cleanly (Retry restarts them);
 *   3. "storage": the database is closed.
 * Then the process exits. Next's own signal handler has already stopped accepting connections.
 * State is on globalThis: instrumentation and route handlers are separate bundles.
 */
export const SHUTDOWN_PHASES = ["streams", "work", "storage"] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];
type Hook = () => unknown;

type Lifecycle = { hooks: Map<ShutdownPhase, Set<Hook>>; reached: number; done: Promise<void> | null; signals: boolean };

const cache = globalThis as typeof globalThis & { __roundtableLifecycle?: Lifecycle };

function lifecycle(): Lifecycle {
  cache.__roundtableLifecycle ??= { hooks: new Map(SHUTDOWN_PHASES.map((phase) => [phase, new Set()])), reached: -1, done: null, signals: false };
  return cache.__roundtableLifecycle;
}

async function run(hook: Hook): Promise<void> {
  try {
    await hook();
  } catch (error) {
    console.error("shutdown step failed", error);
  }
}

/** Runs `hook` when shutdown reaches `phase` (at once, if it already has); returns its removal. */
export function onShutdown(phase: ShutdownPhase, hook: Hook): () => void {
  const state = lifecycle();
  if (state.reached >= SHUTDOWN_PHASES.indexOf(phase)) {
    // After the caller has finished setting up (e.g. a stream opened while stopping).
    queueMicrotask(() => void run(hook));
    return () => {};
  }
  state.hooks.get(phase)!.add(hook);
  return () => state.hooks.get(phase)!.delete(hook);
}

/** Runs the shutdown sequence once (later calls get the same promise). Does not exit. */
export function shutdown(): Promise<void> {
  const state = lifecycle();
  state.done ??= (async () => {
    for (const [index, phase] of SHUTDOWN_PHASES.entries()) {
      state.reached = index;
      await Promise.all([...state.hooks.get(phase)!].map(run));
    }
  })();
  return state.done;
}

/**
 * On SIGTERM or SIGINT: the shutdown sequence, then exit, at the latest `deadlineMs` after the
 * signal. Next's handler (installed by `next start`) closes the HTTP server and calls
 * process.exit once its connections are gone, which could cut runs and the database close short:
 * that exit is held until the sequence has finished.
 */
export function exitOnSignals({ deadlineMs }: { deadlineMs: number }): void {
  const state = lifecycle();
  if (state.signals) return;
  state.signals = true;
  const exit = process.exit.bind(process);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      let code = 128 + constants.signals[signal];
      const sequence = shutdown();
      process.exit = ((requested?: unknown) => {
        if (typeof requested === "number") code = requested;
        void sequence.finally(() => exit(code));
      }) as typeof process.exit;
      const deadline = setTimeout(() => {
        console.error(`Stopping took longer than ${deadlineMs} ms; exiting now.`);
        exit(code);
      }, deadlineMs);
      void sequence.finally(() => {
        clearTimeout(deadline);
        exit(code);
      });
    });
  }
}
