import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { openDatabase, type Database } from "../../lib/db/open";
import { databaseUrl, uniqueName, withAdmin } from "./postgres";

export type DatabaseKind = "pglite" | "postgres";

/** A fresh, migrated database of the given kind, copied from the template the global setup made. */
export async function freshDatabase(kind: DatabaseKind): Promise<Database & { dir?: string }> {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "roundtable-test-"));
    cpSync(inject("pgliteTemplate"), dir, { recursive: true });
    const database = await openDatabase({ kind: "pglite", dir: join(dir, "db") });
    return {
      ...database,
      dir,
      close: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = uniqueName("roundtable_test");
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("postgresTemplate")}"`));
  const database = await openDatabase({ kind: "postgres", url: databaseUrl(name) });
  return {
    ...database,
    close: async () => {
      await database.close();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * Runs the suite once on an embedded PGlite and once on PostgreSQL, each with its own fresh
 * database; the PostgreSQL run is skipped, with the reason in its title, when none is reachable.
 */
export function describeEachDatabase(title: string, body: (database: () => Database) => void): void {
  for (const kind of ["pglite", "postgres"] as const) {
    const skipReason = kind === "postgres" ? inject("postgresSkipReason") : "";
    const label = kind === "pglite" ? "PGlite" : skipReason ? `PostgreSQL, skipped: ${skipReason}` : "PostgreSQL";
    describe.skipIf(Boolean(skipReason))(`${title} [${label}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await freshDatabase(kind);
      });
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error("database not open yet");
        return database;
      });
    });
  }
}
