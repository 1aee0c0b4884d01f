import { performance } from "node:perf_hooks";
import { postJson } from "../lib/auth";
import { openViewers, type SseViewer } from "../lib/sse";
import { round, withTimeout } from "../lib/stats";
import type { BenchContext, Result } from "../lib/types";

/**
 * Figure 4: `total` posts by 50 concurrent posters over 10 threads (5 per thread, Ada and Grace in
 * turn), each thread watched by one viewer; rate = posts / time until the last was delivered.
 * Afterwards every thread is read back page by page and the posts counted (nothing lost).
 * Baseline: GET /favicon.svg (a static file of the same server: no work) with the same concurrency.
 */
export async function postingThroughput(ctx: BenchContext, total: number, concurrency = 50): Promise<Result[]> {
  const threads = ctx.prepared.throughputThreadIds;

  // Baseline: requests per second of a route that does no work.
  const baselineCount = Math.max(total * 2, 1_000);
  let issued = 0;
  const baseStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued++ < baselineCount) {
        const response = await fetch(`${ctx.base}/favicon.svg`);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`favicon answered HTTP ${response.status}`);
      }
    }),
  );
  const baselineRps = baselineCount / ((performance.now() - baseStart) / 1_000);

  const tag = `tp-${process.pid}`;
  const viewers: SseViewer[] = [];
  for (const threadId of threads) viewers.push(...(await openViewers(`${ctx.base}/api/threads/${threadId}/events`, [ctx.cookies.ada], 1)));
  let delivered = 0;
  let lastDelivery = 0;
  let allDelivered!: () => void;
  const done = new Promise<void>((resolve) => (allDelivered = resolve));
  for (const viewer of viewers) {
    viewer.on((event, at) => {
      if (event.type === "message.created" && String(event.message?.content).startsWith(tag)) {
        lastDelivery = at;
        if (++delivered === total) allDelivered();
      }
    });
  }

  let next = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const threadId = threads[worker % threads.length]!;
      const cookie = worker % 2 ? ctx.cookies.grace : ctx.cookies.ada;
      for (let n = next++; n < total; n = next++) {
        const response = await postJson(`${ctx.base}/api/threads/${threadId}/messages`, cookie, { content: `${tag} ${n}` });
        if (response.status !== 201) failed++;
        await response.body?.cancel();
      }
    }),
  );
  const stored = performance.now();
  await withTimeout(done, 60_000, `all ${total} posts to be delivered (got ${delivered})`).catch((error: Error) => ctx.notes.push(`Posting throughput (${ctx.database}): ${error.message}`));
  viewers.forEach((viewer) => viewer.close());

  // Read every thread back, 50 a page, and count the posts.
  let counted = 0;
  for (const threadId of threads) {
    let before: number | undefined;
    for (;;) {
      const response = await fetch(`${ctx.base}/api/threads/${threadId}/messages${before ? `?before=${before}` : ""}`, { headers: { cookie: ctx.cookies.ada } });
      const page = (await response.json()) as { messages: { seq: number; content: string }[]; hasMore: boolean };
      counted += page.messages.filter((message) => message.content.startsWith(tag)).length;
      if (!page.hasMore || !page.messages.length) break;
      before = page.messages[0]!.seq;
    }
  }
  const elapsed = ((delivered === total ? lastDelivery : stored) - start) / 1_000;
  const rate = total / elapsed;
  const storedRate = total / ((stored - start) / 1_000);
  ctx.log(`posting: ${total} posts, ${failed} failed, ${delivered} delivered, ${counted} read back; ${round(storedRate)} stored/s, ${round(rate)} delivered/s; favicon baseline ${round(baselineRps)} req/s`);
  if (failed || counted !== total || delivered !== total) {
    ctx.notes.push(`Posting throughput (${ctx.database}): ${failed} posts failed, ${delivered}/${total} delivered live, ${counted}/${total} found reading the threads back.`);
  }
  const ok = counted === total && delivered === total && failed === 0;
  return [
    { name: "Posting throughput (stored and delivered), vs GET /favicon.svg", database: ctx.database, measured: round(rate), baseline: round(baselineRps), target: round(baselineRps / 2), unit: "msg/s", pass: ok && rate >= baselineRps / 2 },
  ];
}
