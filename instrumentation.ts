// Runs once when a server instance starts: queued runs are picked up at once, and runs that a
// previous process left running are ended with a clear reason.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startRunWorker } = await import("./lib/runs/service");
  await startRunWorker();
}
