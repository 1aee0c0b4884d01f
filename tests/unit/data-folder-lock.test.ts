import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataFolderLockedError, lockDataFolder } from "../../lib/db/lock";

describe("data folder lock", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "roundtable-lock-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("records this process as the owner and lets go on release", () => {
    const release = lockDataFolder(dir);
    expect(readFileSync(join(dir, "roundtable.lock"), "utf8")).toBe(`${process.pid}\n${hostname()}\n`);
    release();
    expect(existsSync(join(dir, "roundtable.lock"))).toBe(false);
  });

  it("refuses while another live process owns the folder", async () => {
    const other = spawn("sleep", ["30"]);
    try {
      writeFileSync(join(dir, "roundtable.lock"), `${other.pid}\n${hostname()}\n`);
      expect(() => lockDataFolder(dir)).toThrow(DataFolderLockedError);
      expect(() => lockDataFolder(dir)).toThrow(`already open in another process (pid ${other.pid})`);
    } finally {
      other.kill();
    }
  });

  it("takes over the folder of a process that died", async () => {
    const other = spawn("true");
    await new Promise((done) => other.on("exit", done));
    writeFileSync(join(dir, "roundtable.lock"), `${other.pid}\n${hostname()}\n`);
    const release = lockDataFolder(dir);
    expect(readFileSync(join(dir, "roundtable.lock"), "utf8")).toBe(`${process.pid}\n${hostname()}\n`);
    release();
  });
});
