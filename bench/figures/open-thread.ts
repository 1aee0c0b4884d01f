import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { median, round } from "../lib/stats";
import type { BenchContext, Result } from "../lib/types";

async function timePage(url: string, cookie: string, times: number): Promise<{ ms: number[]; html: string }> {
  const ms: number[] = [];
  let html = "";
  for (let i = 0; i < times + 2; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    html = await response.text();
    if (response.status !== 200) throw new Error(`${url} answered HTTP ${response.status}`);
    if (i >= 2) ms.push(performance.now() - t0);
  }
  return { ms, html };
}

/**
 * Figure 5: GET /threads/:id (HTML, signed in) for a thread of 10,000 messages: time to the whole
 * response, median; baseline a thread of 5 such messages. And the first-load JavaScript of that
 * page: every <script src> of its HTML fetched, gzipped (zlib, default level) and summed.
 */
export async function openThread(ctx: BenchContext, iterations: number): Promise<Result[]> {
  const big = await timePage(`${ctx.base}/threads/${ctx.prepared.bigThreadId}`, ctx.cookies.ada, iterations);
  const small = await timePage(`${ctx.base}/threads/${ctx.prepared.smallThreadId}`, ctx.cookies.ada, iterations);
  const sources = [...new Set([...big.html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&")))];
  let gzipped = 0;
  let raw = 0;
  for (const source of sources) {
    const response = await fetch(new URL(source, ctx.base));
    const bytes = Buffer.from(await response.arrayBuffer());
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }
  const kb = gzipped / 1024;
  ctx.log(`open thread: ${ctx.prepared.bigThreadMessages} messages median ${round(median(big.ms))} ms (5 messages: ${round(median(small.ms))} ms); HTML ${round(big.html.length / 1024)} kB; JS ${sources.length} scripts, ${round(raw / 1024)} kB raw, ${round(kb)} kB gzipped`);
  const ms = median(big.ms);
  return [
    { name: `Open a thread of ${ctx.prepared.bigThreadMessages} messages (server time, median)`, database: ctx.database, measured: round(ms), baseline: round(median(small.ms)), target: 150, unit: "ms", pass: ms < 150 },
    { name: "First-load JavaScript of the thread page (gzip)", database: ctx.database, measured: round(kb), baseline: null, target: 250, unit: "kB", pass: kb < 250 },
  ];
}
