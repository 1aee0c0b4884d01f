import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../lib/db/open";
import { postMessage } from "../../lib/messages";
import { freshDatabase } from "../support/databases";
import { room } from "../support/fixtures";

// node-postgres deprecates a query sent on a connection that is still running one (pg 9 refuses
// it). Prisma reads a query's relations side by side, which inside a transaction means on one connection.
describe.skipIf(Boolean(inject("postgresSkipReason")))("transactions on PostgreSQL", () => {
  let database: Database;
  const running = new WeakMap<object, number>();
  let mostAtOnce = 0;
  const query = pg.Client.prototype.query;

  beforeAll(async () => {
    database = await freshDatabase("postgres");
    // Counts each connection's queries in flight (promise-style calls: the ones Prisma's adapter makes).
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const result = (query as (...args: unknown[]) => unknown).apply(this, args);
      if (!(result instanceof Promise)) return result;
      const now = (running.get(this) ?? 0) + 1;
      running.set(this, now);
      mostAtOnce = Math.max(mostAtOnce, now);
      return result.finally(() => running.set(this, (running.get(this) ?? 1) - 1));
    } as typeof query;
  });

  afterAll(async () => {
    pg.Client.prototype.query = query;
    await database?.close();
  });

  it("sends one query at a time on a transaction's connection, even when Prisma reads relations side by side", async () => {
    const { prisma } = database;
    const { owner, thread, assistant } = await room(prisma);
    mostAtOnce = 0;
    // A post reads the new message back with its author, assistant and files, all in its transaction.
    const message = await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: `@${assistant.handle} hello` });
    expect(message).toMatchObject({ content: `@${assistant.handle} hello`, author: { kind: "user", id: owner.id }, files: [] });
    expect(mostAtOnce).toBe(1);
  });
});
