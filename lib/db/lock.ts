import "server-only";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export class DataFolderLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The database folder ${dir} is already open in another process (pid ${pid}). ` +
        `PGlite allows only one process at a time: stop that process first, or set DATABASE_URL ` +
        `to a PostgreSQL server to run several.`,
    );
    this.name = "DataFolderLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): { pid: number; host: string } | null {
  try {
    const [pid, host] = readFileSync(file, "utf8").split("\n");
    return { pid: Number(pid), host: host ?? "" };
  } catch {
    return null;
  }
}

/**
 * Takes the folder for this process, or throws DataFolderLockedError. A PID file rather than a
 * time-based lock: after a crash the next start takes over at once, because the owner is gone.
 * Returns the release function (also run on exit).
 */
export function lockDataFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "roundtable.lock");
  const mine = `${process.pid}\n${hostname()}\n`;

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, mine, { flag: "wx" });
      const release = () => {
        if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(file);
    if (!owner) continue;
    if (owner.pid === process.pid) return () => {};
    if (owner.host === hostname() && isAlive(owner.pid)) throw new DataFolderLockedError(dir, owner.pid);
    if (owner.host !== hostname()) throw new DataFolderLockedError(dir, owner.pid);
    // The owner died. Move its file aside atomically: of two processes racing here only one
    // rename finds the stale file; the loser's next exclusive create fails and it re-checks.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readOwner(aside);
    rmSync(aside, { force: true });
    if (moved && moved.pid !== owner.pid) {
      // We moved a live newcomer's lock, not the stale one: give it back and re-check.
      writeFileSync(file, `${moved.pid}\n${moved.host}\n`, { flag: "wx" });
    }
  }
  const owner = readOwner(file);
  throw new DataFolderLockedError(dir, owner?.pid ?? -1);
}
