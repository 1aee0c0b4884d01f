// Runs once when a server instance starts: it stops in order on SIGTERM (lib/lifecycle), queued
// runs are picked up at once, and runs that a previous process left running are ended with a
// clear reason.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { shutdownGraceMs } = await import("./lib/config");
  const { exitOnSignals } = await import("./lib/lifecycle");
  // Runs get their grace period; ending streams and closing the database take far less than the rest.
  exitOnSignals({ deadlineMs: shutdownGraceMs() + 4_000 });
  const { startRunWorker } = await import("./lib/runs/start-worker");
  await startRunWorker();
}
