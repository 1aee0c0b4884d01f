import "server-only";
import { eventBus } from "./bus";

/**
 * Who has a thread open right now, counted per connection (a person may have several tabs).
 * In-process, like the default bus; several instances would keep it in Redis.
 */
class ThreadPresence {
  private readonly connections = new Map<string, Map<string, number>>();

  online(threadId: string): string[] {
    return [...(this.connections.get(threadId)?.keys() ?? [])];
  }

  /** Counts a connection in; returns the function that counts it out. */
  join(threadId: string, userId: string): () => void {
    const users = this.connections.get(threadId) ?? new Map<string, number>();
    this.connections.set(threadId, users);
    const count = users.get(userId) ?? 0;
    users.set(userId, count + 1);
    if (count === 0) this.announce(threadId);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const remaining = (users.get(userId) ?? 1) - 1;
      if (remaining > 0) return void users.set(userId, remaining);
      users.delete(userId);
      if (users.size === 0) this.connections.delete(threadId);
      this.announce(threadId);
    };
  }

  private announce(threadId: string): void {
    void eventBus().publish(threadId, { type: "presence", online: this.online(threadId) });
  }
}

const cache = globalThis as typeof globalThis & { __roundtablePresence?: ThreadPresence };

export function presence(): ThreadPresence {
  cache.__roundtablePresence ??= new ThreadPresence();
  return cache.__roundtablePresence;
}
