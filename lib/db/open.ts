import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { DatabaseTarget } from "../config";
import { PrismaClient } from "./generated/client";
import { lockDataFolder } from "./lock";
import { migrate, type SqlSession } from "./migrate";
import { pgliteAdapter } from "./pglite-adapter";
import { serialTransactions } from "./serial-transactions";

// Posts to one thread queue on its row lock while holding a connection, so a burst can keep the
// pool busy for a few seconds: a transaction waits for a connection rather than fail the post.
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

export type Database = {
  prisma: PrismaClient;
  target: DatabaseTarget;
  close(): Promise<void>;
};

function pgliteSession(pglite: PGlite): SqlSession {
  return {
    script: async (sql) => void (await pglite.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
  };
}

async function withPgSession<T>(url: string, use: (session: SqlSession) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use({
      script: async (sql) => void (await client.query(sql)),
      query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
    });
  } finally {
    await client.end();
  }
}

/** Opens (and migrates) the database the target names. One PGlite folder, one process. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    await withPgSession(target.url, (session) => migrate(session));
    const pool = new pg.Pool({ connectionString: target.url, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
    // The adapter listens for idle-connection errors only until Prisma disconnects; one the server
    // closes during shutdown (or a test dropping its database) would otherwise be an uncaught error.
    pool.on("error", (error) => console.warn(`PostgreSQL closed an idle connection: ${error.message}`));
    const prisma = new PrismaClient({ adapter: serialTransactions(new PrismaPg(pool)), transactionOptions });
    return {
      prisma,
      target,
      close: async () => {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  }

  const release = lockDataFolder(target.dir);
  try {
    const pglite = await PGlite.create(target.dir);
    await migrate(pgliteSession(pglite));
    const prisma = new PrismaClient({ adapter: pgliteAdapter(pglite), transactionOptions });
    return {
      prisma,
      target,
      close: async () => {
        await prisma.$disconnect();
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
