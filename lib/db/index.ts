import "server-only";
import { databaseTarget } from "../config";
import { onShutdown } from "../lifecycle";
import { openDatabase, type Database } from "./open";

export type { PrismaClient } from "./generated/client";

// The promise is cached, not the client: simultaneous first requests open PGlite once. On
// globalThis so that dev-mode module reloads reuse it instead of opening the folder again.
const cache = globalThis as typeof globalThis & { __roundtableDatabase?: Promise<Database> };

/** The app's database, opened (and migrated) on first use, never at import or build time. */
export function database(): Promise<Database> {
  cache.__roundtableDatabase ??= openDatabase(databaseTarget()).then(
    (opened) => {
      // Last, once runs have stopped writing.
      onShutdown("storage", () => opened.close());
      return opened;
    },
    (error: unknown) => {
      cache.__roundtableDatabase = undefined;
      throw error;
    },
  );
  return cache.__roundtableDatabase;
}

export async function db() {
  return (await database()).prisma;
}
