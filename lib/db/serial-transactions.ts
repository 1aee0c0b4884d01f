import "server-only";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/** `target` with some of its members replaced; the rest (methods, getters) still answered by it. */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/** The transaction, with its queries sent one at a time, in the order they were made. */
function oneAtATime(transaction: Transaction): Transaction {
  let last: Promise<unknown> = Promise.resolve();
  function inTurn<A extends unknown[], R>(call: (...args: A) => Promise<R>) {
    return (...args: A): Promise<R> => {
      const turn = last.then(() => call.apply(transaction, args));
      last = turn.catch(() => {});
      return turn;
    };
  }
  return overriding(transaction, {
    queryRaw: inTurn(transaction.queryRaw),
    executeRaw: inTurn(transaction.executeRaw),
    commit: inTurn(transaction.commit),
    rollback: inTurn(transaction.rollback),
  });
}

/**
 * Prisma's query interpreter reads the relations of one query side by side (Promise.all). In an
 * interactive transaction these all go to the transaction's one connection, and node-postgres
 * deprecates a query sent while the connection still runs another (pg 9 refuses it): "client.query()
 * when the client is already executing a query". This factory's transactions queue their queries
 * instead. Outside transactions each query takes its own connection from the pool.
 */
export function serialTransactions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return overriding(factory, {
    connect: async () => {
      const adapter = await factory.connect();
      return overriding<SqlDriverAdapter>(adapter, {
        startTransaction: async (...args) => oneAtATime(await adapter.startTransaction(...args)),
      });
    },
  });
}
