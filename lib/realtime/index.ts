import "server-only";
import { EventEmitter } from "node:events";

/**
 * A named stream of live messages of one type (see ./channels). Messages are plain JSON data
 * (strings for dates and reasons, no class instances): a bus between instances sends them over
 * the network.
 */
export type Channel<T> = { readonly name: string; /** Carries the message type only; never set. */ readonly message?: T };

/**
 * How live messages reach listeners. The in-process bus serves one app instance; one on
 * PostgreSQL LISTEN/NOTIFY or Redis pub/sub implements the same two calls for several. Delivery is
 * best effort: durable thread events are committed before they are published, and streams fill
 * any gap from the ThreadEvent table; workers also poll, and running runs read their status.
 */
export interface Realtime {
  publish<T>(channel: Channel<T>, message: T): Promise<void>;
  /** Resolves once listening has begun: nothing published after that is missed. */
  subscribe<T>(channel: Channel<T>, listener: (message: T) => void): Promise<() => void>;
}

function inProcessRealtime(): Realtime {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    async publish(channel, message) {
      emitter.emit(channel.name, message);
    },
    async subscribe(channel, listener) {
      emitter.on(channel.name, listener);
      return () => void emitter.off(channel.name, listener);
    },
  };
}

// On globalThis, not in a module variable: instrumentation.ts (the worker), route handlers and
// server actions are separate bundles, each with its own copy of this module.
const cache = globalThis as typeof globalThis & { __roundtableRealtime?: Realtime };

/** This process's realtime bus. */
export function realtime(): Realtime {
  cache.__roundtableRealtime ??= inProcessRealtime();
  return cache.__roundtableRealtime;
}
