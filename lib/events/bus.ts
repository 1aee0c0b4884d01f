import "server-only";
import { EventEmitter } from "node:events";
import type { ThreadEvent } from "./types";

/**
 * How a thread's events reach every open stream. The in-process bus serves one app instance;
 * one on PostgreSQL LISTEN/NOTIFY or Redis pub/sub implements the same two calls for several.
 * Durable events are already committed (with their seq) when published, so a bus may drop or
 * reorder them: streams fill gaps from the ThreadEvent table.
 */
export interface EventBus {
  publish(threadId: string, event: ThreadEvent): Promise<void>;
  subscribe(threadId: string, listener: (event: ThreadEvent) => void): () => void;
}

export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(threadId: string, event: ThreadEvent): Promise<void> {
    this.emitter.emit(threadId, event);
  }

  subscribe(threadId: string, listener: (event: ThreadEvent) => void): () => void {
    this.emitter.on(threadId, listener);
    return () => this.emitter.off(threadId, listener);
  }
}

const cache = globalThis as typeof globalThis & { __roundtableEventBus?: EventBus };

/** The app's bus (on globalThis, so that route handlers and actions share one per process). */
export function eventBus(): EventBus {
  cache.__roundtableEventBus ??= new InProcessEventBus();
  return cache.__roundtableEventBus;
}
