import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { authSecret, databaseTarget, dataDir } from "../../lib/config";

describe("configuration", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("uses an embedded database in ./data when nothing is configured", () => {
    expect(dataDir({})).toBe(resolve("data"));
    expect(databaseTarget({})).toEqual({ kind: "pglite", dir: join(resolve("data"), "db") });
    expect(databaseTarget({ ROUNDTABLE_DATA_DIR: "/srv/rt" })).toEqual({ kind: "pglite", dir: "/srv/rt/db" });
  });

  it("uses PostgreSQL when DATABASE_URL names one", () => {
    expect(databaseTarget({ DATABASE_URL: "postgresql://app@db:5432/roundtable" })).toEqual({
      kind: "postgres",
      url: "postgresql://app@db:5432/roundtable",
    });
    expect(databaseTarget({ DATABASE_URL: "postgres://app@db/rt" }).kind).toBe("postgres");
  });

  it("generates AUTH_SECRET once, keeps it private in the data folder, and reuses it", () => {
    const dir = mkdtempSync(join(tmpdir(), "roundtable-config-"));
    dirs.push(dir);
    const env = { ROUNDTABLE_DATA_DIR: dir };
    const secret = authSecret(env);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(readFileSync(join(dir, "auth-secret"), "utf8")).toBe(secret);
    expect(statSync(join(dir, "auth-secret")).mode & 0o777).toBe(0o600);
    expect(authSecret(env)).toBe(secret);
  });

  it("prefers AUTH_SECRET from the environment and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "roundtable-config-"));
    dirs.push(dir);
    expect(authSecret({ AUTH_SECRET: "from-env", ROUNDTABLE_DATA_DIR: dir })).toBe("from-env");
    expect(() => statSync(join(dir, "auth-secret"))).toThrow();
  });
});
