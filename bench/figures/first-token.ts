import OpenAI from "openai";
import { performance } from "node:perf_hooks";
import { postJson } from "../lib/auth";
import { SseViewer, type SseEvent } from "../lib/sse";
import { median, percentile, round, withTimeout } from "../lib/stats";
import type { BenchContext, Result } from "../lib/types";

export const THREAD = "demo-welcome";
const FINISHED = ["cancelled", "failed", "completed", "expired"];
export const runFinished = (event: SseEvent) => event.type === "run.updated" && FINISHED.includes(event.run?.status);

/** Collects finished runs by the message that triggered them (a run's later updates cannot be mistaken for the next one's). */
export function watchRuns(viewer: SseViewer) {
  const finished = new Map<string, SseEvent>();
  const waiters = new Map<string, (event: SseEvent) => void>();
  const off = viewer.on((event) => {
    if (!runFinished(event)) return;
    const trigger = String(event.run.triggerMessageId);
    finished.set(trigger, event);
    waiters.get(trigger)?.(event);
  });
  const finishedFor = (messageId: string): Promise<SseEvent> =>
    finished.has(messageId) ? Promise.resolve(finished.get(messageId)!) : new Promise((resolve) => waiters.set(messageId, resolve));
  return { off, finishedFor };
}

export async function script(ctx: BenchContext, body: object) {
  const response = await fetch(`${ctx.modelControl}/_control/script`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`scripting the model server failed: HTTP ${response.status}`);
}

/**
 * Figure 1: Ada posts "@analyst …"; Grace's event stream (already open) receives the reply's first
 * `message.delta`. Baseline: the openai SDK streaming the same script from the same model server
 * (through the same tap) until its first content token. Overhead per iteration = app − median baseline.
 */
export async function mentionToFirstToken(ctx: BenchContext, iterations: number): Promise<Result[]> {
  const chunks = (tag: string) => [`${tag} `, "from ", "the ", "bench."];
  const client = new OpenAI({ baseURL: ctx.tap.url, apiKey: "bench" });
  const baseline: number[] = [];
  for (let i = 0; i < iterations + 3; i++) {
    const tag = `ftb-${process.pid}-${i}`;
    await script(ctx, { match: tag, chunks: chunks(tag), tokenDelayMs: 0 });
    const t0 = performance.now();
    const stream = await client.chat.completions.create({ model: "demo", stream: true, messages: [{ role: "user", content: `Analyst ${tag}` }] });
    let first = 0;
    for await (const chunk of stream) if (!first && chunk.choices[0]?.delta?.content) first = performance.now();
    if (i >= 3) baseline.push(first - t0);
  }

  const viewer = new SseViewer(`${ctx.base}/api/threads/${THREAD}/events`, ctx.cookies.grace);
  await viewer.ready;
  const app: number[] = [];
  const runs = watchRuns(viewer);
  try {
    for (let i = 0; i < iterations + 3; i++) {
      const tag = `ft-${process.pid}-${i}`;
      await script(ctx, { match: tag, chunks: chunks(tag), tokenDelayMs: 0 });
      const firstDelta = viewer.waitFor((event) => event.type === "message.delta" && String(event.delta).includes(tag));
      const t0 = performance.now();
      const response = await postJson(`${ctx.base}/api/threads/${THREAD}/messages`, ctx.cookies.ada, { content: `@analyst ${tag}` });
      if (response.status !== 201) throw new Error(`posting failed: HTTP ${response.status} ${await response.text()}`);
      const posted = (await response.json()) as { id: string };
      const { at } = await withTimeout(firstDelta, 15_000, "the first message.delta");
      const end = await withTimeout(runs.finishedFor(posted.id), 15_000, "the run to finish");
      if (end.run.status !== "completed") throw new Error(`the run ended ${end.run.status}: ${JSON.stringify(end.run)}`);
      if (i >= 3) app.push(at - t0); // the first three warm up
    }
  } finally {
    runs.off();
    viewer.close();
  }
  const base50 = median(baseline);
  const overhead = app.map((value) => value - base50);
  ctx.log(`first token: app p50 ${round(median(app))} ms p99 ${round(percentile(app, 99))} ms; SDK baseline p50 ${round(base50)} ms p99 ${round(percentile(baseline, 99))} ms`);
  const p50 = percentile(overhead, 50);
  const p99 = percentile(overhead, 99);
  return [
    { name: "Mention to first token, overhead p50", database: ctx.database, measured: round(p50), baseline: round(base50), target: 30, unit: "ms", pass: p50 < 30 },
    { name: "Mention to first token, overhead p99", database: ctx.database, measured: round(p99), baseline: round(percentile(baseline, 99)), target: 100, unit: "ms", pass: p99 < 100 },
  ];
}

/**
 * Figure 2: per-token delay the app adds. The model streams 50 distinct chunks 20 ms apart; the tap
 * in front of the model server notes when each chunk passed towards the app, the viewer when it
 * arrived in a `message.delta`; the difference is the relay delay of that token (one clock, both in
 * this process). Baseline: the same for the openai SDK reading the stream directly.
 */
export async function tokenRelay(ctx: BenchContext, iterations: number): Promise<Result[]> {
  const chunks = (tag: string) => Array.from({ length: 50 }, (_, k) => `${tag}k${String(k).padStart(2, "0")} `);
  const client = new OpenAI({ baseURL: ctx.tap.url, apiKey: "bench" });
  const baseline: number[] = [];
  for (let i = 0; i < 2; i++) {
    const tag = `trb${process.pid}x${i}`;
    await script(ctx, { match: tag, chunks: chunks(tag), tokenDelayMs: 20 });
    const stream = await client.chat.completions.create({ model: "demo", stream: true, messages: [{ role: "user", content: tag }] });
    for await (const chunk of stream) {
      const at = performance.now();
      const content = chunk.choices[0]?.delta?.content;
      const sent = content ? ctx.tap.sentAt.get(content) : undefined;
      if (sent !== undefined) baseline.push(at - sent);
    }
  }

  const viewer = new SseViewer(`${ctx.base}/api/threads/${THREAD}/events`, ctx.cookies.grace);
  await viewer.ready;
  const delays: number[] = [];
  let unmatched = 0;
  let short = 0;
  const runs = watchRuns(viewer);
  try {
    for (let i = 0; i < iterations; i++) {
      const tag = `tr${process.pid}x${i}`;
      const expected = chunks(tag);
      await script(ctx, { match: tag, chunks: expected, tokenDelayMs: 20 });
      let received = 0;
      const off = viewer.on((event, at) => {
        if (event.type !== "message.delta") return;
        // A delta may carry several chunks if the app coalesces them: each is timed from its own send.
        for (const token of (event.delta as string).match(/\S+ /g) ?? []) {
          if (!token.startsWith(`${tag}k`)) continue;
          received++;
          const sent = ctx.tap.sentAt.get(token);
          if (sent === undefined) unmatched++;
          else delays.push(at - sent);
        }
      });
      const response = await postJson(`${ctx.base}/api/threads/${THREAD}/messages`, ctx.cookies.ada, { content: `@analyst ${tag}` });
      const posted = (await response.json()) as { id: string };
      await withTimeout(runs.finishedFor(posted.id), 30_000, "the relay run to finish");
      off();
      if (received !== expected.length) short += expected.length - received;
    }
  } finally {
    runs.off();
    viewer.close();
  }
  if (short) ctx.notes.push(`Token relay (${ctx.database}): ${short} tokens never reached the viewer as message.delta.`);
  if (unmatched) ctx.notes.push(`Token relay (${ctx.database}): ${unmatched} delta tokens had no matching send time at the tap.`);
  ctx.log(`token relay: ${delays.length} tokens, p50 ${round(median(delays), 2)} ms, p99 ${round(percentile(delays, 99), 2)} ms; SDK baseline p99 ${round(percentile(baseline, 99), 2)} ms`);
  const p99 = percentile(delays, 99);
  return [{ name: "Token relay delay per token, p99", database: ctx.database, measured: round(p99, 2), baseline: round(percentile(baseline, 99), 2), target: 10, unit: "ms", pass: p99 < 10 }];
}
