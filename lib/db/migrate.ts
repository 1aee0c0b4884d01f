import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The two calls the migrator needs, implemented by PGlite and by a pg client alike. */
export interface SqlSession {
  /** Several statements, no parameters. */
  script(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(): Migration[] {
  // Statically scoped, so that the build traces the migrations into its output.
  const dir = join(process.cwd(), "prisma", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      // Names are inlined into SQL below; Prisma's own are digits, letters and underscores.
      if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Unexpected migration folder name: ${name}`);
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Prisma's own bookkeeping table, so that `prisma migrate status` reads what we applied.
const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant: app instances starting together on one PostgreSQL migrate one at a time.
const ADVISORY_LOCK_KEY = 72_616_271;

/**
 * Applies the committed migrations that are not applied yet, each in its own transaction.
 * Prisma's CLI cannot do this here: its native schema engine cannot be downloaded, and its WASM
 * engine cannot run inside the server process that holds the embedded database. Returns the
 * names applied.
 */
export async function migrate(session: SqlSession, migrations = readMigrations()): Promise<string[]> {
  await session.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    await session.script(BOOKKEEPING);
    const rows = await session.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum) {
        if (checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      // The record goes in the migration's own transaction: applied and recorded, or neither.
      const record = `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('${randomUUID()}', '${migration.checksum}', now(), '${migration.name}', 1);`;
      await session.script(`BEGIN;\n${migration.sql}\n;${record}\nCOMMIT;`).catch(async (error: unknown) => {
        await session.script("ROLLBACK").catch(() => {});
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      });
      done.push(migration.name);
    }
    return done;
  } finally {
    await session.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
  }
}
