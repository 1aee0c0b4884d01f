import { performance } from "node:perf_hooks";
import { postJson } from "../lib/auth";
import { rssMb } from "../lib/server";
import { openViewers, type SseViewer } from "../lib/sse";
import { median, percentile, round, sleep, withTimeout } from "../lib/stats";
import type { BenchContext, Result } from "../lib/types";
import { THREAD } from "./first-token";

/** Posts one message as Ada and returns ms until the last of `viewers` has its message.created. */
async function deliverOnce(ctx: BenchContext, viewers: SseViewer[], tag: string): Promise<number> {
  const arrivals = viewers.map((viewer) => viewer.waitFor((event) => event.type === "message.created" && event.message?.content === tag));
  const t0 = performance.now();
  const response = await postJson(`${ctx.base}/api/threads/${THREAD}/messages`, ctx.cookies.ada, { content: tag });
  if (response.status !== 201) throw new Error(`posting failed: HTTP ${response.status}`);
  await response.body?.cancel();
  const all = await withTimeout(Promise.all(arrivals), 30_000, `all ${viewers.length} viewers to receive the message`);
  return Math.max(...all.map(({ at }) => at)) - t0;
}

/**
 * Figure 3 (fan-out) and figure 6 (memory): 200 viewers on one thread (half as Ada, half as Grace),
 * one message posted, time until the last viewer has it; repeated. Baseline: the same with one
 * viewer. Memory: RSS of the server process tree idle (baseline) and with the viewers connected.
 */
export async function fanoutAndMemory(ctx: BenchContext, viewerCount: number, iterations: number): Promise<Result[]> {
  const url = `${ctx.base}/api/threads/${THREAD}/events`;
  const cookies = [ctx.cookies.ada, ctx.cookies.grace];

  const one = await openViewers(url, cookies, 1);
  const single: number[] = [];
  for (let i = 0; i < iterations + 2; i++) {
    const ms = await deliverOnce(ctx, one, `fan-1-${process.pid}-${i}`);
    if (i >= 2) single.push(ms);
  }
  one.forEach((viewer) => viewer.close());
  await sleep(500);
  const idleRss = rssMb(ctx.serverPid);

  const connectStart = performance.now();
  const viewers = await openViewers(url, cookies, viewerCount);
  ctx.log(`fan-out: ${viewerCount} viewers connected in ${round(performance.now() - connectStart)} ms`);
  const times: number[] = [];
  let liveRss = 0;
  try {
    for (let i = 0; i < iterations + 2; i++) {
      const ms = await deliverOnce(ctx, viewers, `fan-n-${process.pid}-${i}`);
      if (i >= 2) times.push(ms);
    }
    await sleep(500);
    liveRss = rssMb(ctx.serverPid);
  } finally {
    viewers.forEach((viewer) => viewer.close());
  }
  ctx.log(`fan-out: p50 ${round(median(times))} ms p99 ${round(percentile(times, 99))} ms (1 viewer: p99 ${round(percentile(single, 99))} ms); RSS idle ${round(idleRss)} MB, with viewers ${round(liveRss)} MB`);
  const p99 = percentile(times, 99);
  return [
    { name: `Fan-out to ${viewerCount} viewers, p99`, database: ctx.database, measured: round(p99), baseline: round(percentile(single, 99)), target: 200, unit: "ms", pass: p99 < 200 },
    { name: `Server RSS with ${viewerCount} live viewers`, database: ctx.database, measured: round(liveRss), baseline: round(idleRss), target: 500, unit: "MB", pass: liveRss < 500 },
  ];
}
