import "server-only";
import { realtime } from "./index";
import { threadChannel } from "./channels";

/**
 * Who has a thread open right now, counted per connection (a person may have several tabs).
 * In-process, like the default bus; several instances keep it in a shared store, hence the
 * promises.
 */
export interface Presence {
  online(threadId: string): Promise<string[]>;
  /** Counts a connection in and tells the thread; resolves to the function that counts it out. */
  join(threadId: string, userId: string): Promise<() => void>;
}

function inProcessPresence(): Presence {
  const connections = new Map<string, Map<string, number>>();
  const online = (threadId: string) => [...(connections.get(threadId)?.keys() ?? [])];
  const announce = (threadId: string) => void realtime().publish(threadChannel(threadId), { type: "presence", online: online(threadId) });
  return {
    async online(threadId) {
      return online(threadId);
    },
    async join(threadId, userId) {
      const users = connections.get(threadId) ?? new Map<string, number>();
      connections.set(threadId, users);
      const count = users.get(userId) ?? 0;
      users.set(userId, count + 1);
      if (count === 0) announce(threadId);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        const remaining = (users.get(userId) ?? 1) - 1;
        if (remaining > 0) return void users.set(userId, remaining);
        users.delete(userId);
        if (users.size === 0) connections.delete(threadId);
        announce(threadId);
      };
    },
  };
}

const cache = globalThis as typeof globalThis & { __roundtablePresence?: Presence };

export function presence(): Presence {
  cache.__roundtablePresence ??= inProcessPresence();
  return cache.__roundtablePresence;
}
