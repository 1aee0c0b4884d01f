import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The environment, or a part of it (tests pass their own). */
export type Env = Record<string, string | undefined>;

/** Everything the embedded default keeps on disk: the PGlite database, uploaded files, the auth secret. */
export function dataDir(env: Env = process.env): string {
  return resolve(/* turbopackIgnore: true */ env.ROUNDTABLE_DATA_DIR || "data");
}

export type DatabaseTarget =
  | { kind: "pglite"; dir: string }
  | { kind: "postgres"; url: string };

/** PostgreSQL when DATABASE_URL says so, otherwise an embedded PGlite in the data folder. */
export function databaseTarget(env: Env = process.env): DatabaseTarget {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  return { kind: "pglite", dir: join(dataDir(env), "db") };
}

/**
 * AUTH_SECRET from the environment, or one generated on first start and kept in the data folder,
 * so that a newcomer needs no configuration and sessions survive restarts.
 */
export function authSecret(env: Env = process.env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const dir = dataDir(env);
  const file = join(dir, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": if another process wrote it first, keep theirs.
    writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
    chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFileSync(file, "utf8").trim();
  }
}

/** How long a stopping instance lets runs in progress finish before failing them (Retry restarts them). */
export function shutdownGraceMs(env: Env = process.env): number {
  return Number(env.SHUTDOWN_GRACE_MS || 5_000);
}
