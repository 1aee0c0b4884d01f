import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import { performance } from "node:perf_hooks";
import { sleep } from "./stats";

export const ROOT = new URL("../..", import.meta.url).pathname;

export type Proc = { child: ChildProcess; pid: number; output: string[]; stop(): Promise<void> };

/** Spawns a process in the repo root, keeping the tail of its output for error reports. */
export function spawnProcess(args: string[], env: NodeJS.ProcessEnv, name: string): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n").filter(Boolean).map((line) => `[${name}] ${line}`));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    pid: child.pid!,
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

export async function waitForHttp(url: string, proc: Proc, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}):\n${proc.output.slice(-30).join("\n")}`);
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${proc.output.slice(-30).join("\n")}`);
}

export function startModelServer(port: number, env: NodeJS.ProcessEnv): Proc {
  return spawnProcess(["--import", "tsx", "tests/support/model-server-cli.ts", "--port", String(port)], env, "model");
}

export function startApp(port: number, env: NodeJS.ProcessEnv, extraNodeArgs: string[] = []): Proc {
  return spawnProcess([...extraNodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(port)], env, "app");
}

/** Resident memory (VmRSS) of one process, in MB; 0 once it is gone. */
export function ownRssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Resident memory (VmRSS) of a process and all its descendants, in MB. */
export function rssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  let total = 0;
  const visit = (p: number) => {
    total += ownRssMb(p);
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return total;
}

/**
 * A transparent HTTP proxy in front of the model server, in this (the benchmark's) process: the app
 * and the baseline clients talk to the model through it, and it notes performance.now() when each
 * streamed content chunk leaves the model server towards its client, so that per-token relay delay
 * is measured on one clock rather than assumed from the scripted delay.
 */
export type ModelTap = {
  url: string;
  /** Content text of each chunk → when it passed the tap (the latest time if repeated). */
  sentAt: Map<string, number>;
  close(): Promise<void>;
};

export async function startTap(port: number, upstreamPort: number): Promise<ModelTap> {
  const sentAt = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const upstream = httpRequest(
      { host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        let carry = "";
        up.on("data", (chunk: Buffer) => {
          const at = performance.now();
          const text = carry + chunk.toString("utf8");
          for (const match of text.matchAll(/"content":"((?:[^"\\]|\\.)*)"/g)) if (match[1]) sentAt.set(JSON.parse(`"${match[1]}"`), at);
          carry = text.slice(Math.max(0, text.lastIndexOf("\n\n")));
          res.write(chunk);
        });
        up.on("end", () => res.end());
        up.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}/v1`,
    sentAt,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
