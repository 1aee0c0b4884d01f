import "server-only";
import { databaseTarget } from "../config";
import { database } from "../db";
import { RunWorker, workerOptions } from "./worker";

const cache = globalThis as typeof globalThis & { __roundtableRunWorker?: Promise<RunWorker> };

/** This app instance's run worker, started once (unless RUN_WORKER=off, for web-only instances). */
export function startRunWorker(): Promise<RunWorker> | null {
  if (process.env.RUN_WORKER === "off") return null;
  cache.__roundtableRunWorker ??= (async () => {
    const { prisma } = await database();
    const worker = new RunWorker(prisma, workerOptions(process.env, databaseTarget().kind === "pglite"));
    await worker.start();
    const stop = () => void worker.stop();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    return worker;
  })();
  return cache.__roundtableRunWorker;
}
