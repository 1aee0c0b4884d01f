import "server-only";
import { databaseTarget, shutdownGraceMs } from "../config";
import { database } from "../db";
import { onShutdown } from "../lifecycle";
import { RunWorker, workerOptions } from "./worker";

const cache = globalThis as typeof globalThis & { __roundtableRunWorker?: Promise<RunWorker> };

/** This app instance's run worker, started once (unless RUN_WORKER=off, for web-only instances). */
export function startRunWorker(): Promise<RunWorker> | null {
  if (process.env.RUN_WORKER === "off") return null;
  cache.__roundtableRunWorker ??= (async () => {
    const { prisma } = await database();
    const worker = new RunWorker(prisma, workerOptions(process.env, databaseTarget().kind === "pglite"));
    await worker.start();
    onShutdown("work", () => worker.stop({ graceMs: shutdownGraceMs() }));
    return worker;
  })();
  return cache.__roundtableRunWorker;
}
