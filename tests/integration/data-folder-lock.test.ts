import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { DataFolderLockedError } from "../../lib/db/lock";
import { openDatabase } from "../../lib/db/open";

// Like `npm run seed`: the lib modules are server-only, which Node loads under the react-server condition.
const TSX = ["--conditions=react-server", "--import", "tsx"];

/** Another process that opens the embedded database and keeps it open until killed. */
async function holdDatabase(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...TSX, "-e", `import("./lib/db/open.ts").then(async (m) => { await m.openDatabase({ kind: "pglite", dir: ${JSON.stringify(join(dataDir, "db"))} }); console.log("open"); setInterval(() => {}, 1000); });`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
  expect(chunk.toString()).toContain("open");
  return child;
}

describe("embedded database folder", () => {
  let dataDir: string;
  let holder: ChildProcess | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "roundtable-lock-"));
    cpSync(inject("pgliteTemplate"), dataDir, { recursive: true });
  });
  afterEach(() => {
    holder?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a second process with a clear message and keeps the data", async () => {
    const first = await openDatabase({ kind: "pglite", dir: join(dataDir, "db") });
    await first.prisma.user.create({ data: { name: "Kept", email: "kept@example.com" } });

    // A second process (here the seed script) is refused and leaves the data alone.
    const seed = spawnSync(process.execPath, [...TSX, "scripts/seed.ts"], { env: { ...process.env, ROUNDTABLE_DATA_DIR: dataDir }, encoding: "utf8" });
    expect(seed.status).not.toBe(0);
    expect(seed.stderr).toContain("is already open in another process");
    expect(seed.stderr).toContain(`pid ${process.pid}`);

    await first.close();
    const reopened = await openDatabase({ kind: "pglite", dir: join(dataDir, "db") });
    expect(await reopened.prisma.user.findMany({ select: { email: true } })).toEqual([{ email: "kept@example.com" }]);
    expect(await reopened.prisma.thread.count()).toBe(0);
    await reopened.close();
  });

  it("is refused here while another process holds it, and taken over once that process has died", async () => {
    holder = await holdDatabase(dataDir);
    const refusal = await openDatabase({ kind: "pglite", dir: join(dataDir, "db") }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DataFolderLockedError);
    expect((refusal as DataFolderLockedError).pid).toBe(holder.pid);

    holder.kill("SIGKILL");
    await once(holder, "exit");
    const database = await openDatabase({ kind: "pglite", dir: join(dataDir, "db") });
    expect(await database.prisma.user.count()).toBe(0);
    await database.close();
  });
});
