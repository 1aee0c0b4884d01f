import { performance } from "node:perf_hooks";
import { docxBomb, lyingDocxBomb, pdfBomb } from "../../tests/support/sample-files";
import { ownRssMb, rssMb } from "../lib/server";
import { median, percentile, round, sleep } from "../lib/stats";
import type { BenchContext, Result } from "../lib/types";

const MB = 1024 * 1024;

/** Grace lists her uploads (a signed-in request with one query) again and again until `until` settles; each request's time. */
async function readsDuring(ctx: BenchContext, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const times: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const response = await fetch(`${ctx.base}/api/files`, { headers: { cookie: ctx.cookies.grace } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`listing files answered HTTP ${response.status}`);
    times.push(performance.now() - t0);
    await sleep(20);
  }
  return times;
}

/**
 * Figure 7: hostile uploads. Ada uploads decompression bombs (PDFs whose content stream inflates to
 * 10 and 50 MB, a DOCX that unpacks to 200 MB, and one that hides 200 MB behind small declared
 * sizes), one after the other; meanwhile Grace lists her files (GET /api/files) every 20 ms. Measured:
 * Grace's request time p99 during the uploads (baseline: the same with no upload), and the server
 * process's growth in resident memory (its peak during the uploads − before them).
 */
export async function hostileUploads(ctx: BenchContext): Promise<Result[]> {
  const idle = await readsDuring(ctx, sleep(3_000));
  const samples = [
    { name: "bomb-10mb.pdf", bytes: pdfBomb(10 * MB) },
    { name: "bomb-50mb.pdf", bytes: pdfBomb(50 * MB) },
    { name: "bomb-200mb.docx", bytes: await docxBomb(200 * MB) },
    { name: "liar-200mb.docx", bytes: await lyingDocxBomb(200 * MB) },
  ];
  const before = ownRssMb(ctx.serverPid);
  let peak = before;
  let peakWithExtractors = rssMb(ctx.serverPid);
  const watch = setInterval(() => {
    peak = Math.max(peak, ownRssMb(ctx.serverPid));
    peakWithExtractors = Math.max(peakWithExtractors, rssMb(ctx.serverPid));
  }, 50);
  const during: number[] = [];
  try {
    for (const sample of samples) {
      const t0 = performance.now();
      const upload = fetch(`${ctx.base}/api/files`, {
        method: "POST",
        headers: { cookie: ctx.cookies.ada, origin: ctx.base, "x-file-name": sample.name, "content-type": "application/octet-stream" },
        body: new Uint8Array(sample.bytes),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { textError?: string; error?: string } }));
      const times = await readsDuring(ctx, upload);
      const { status, body } = await upload;
      if (status !== 201) throw new Error(`uploading ${sample.name} answered HTTP ${status}: ${JSON.stringify(body)}`);
      during.push(...times);
      ctx.log(
        `hostile uploads: ${sample.name} (${round(sample.bytes.length / 1024)} KB) kept in ${round(performance.now() - t0)} ms, text: ${body.textError ?? "read"}; Grace's reads meanwhile: ${times.length}, p99 ${round(percentile(times, 99))} ms`,
      );
    }
  } finally {
    clearInterval(watch);
  }
  const p99 = percentile(during, 99);
  const growth = peak - before;
  ctx.log(
    `hostile uploads: p50 ${round(median(during))} ms, p99 ${round(p99)} ms over ${during.length} reads (idle: p50 ${round(median(idle))} ms, p99 ${round(percentile(idle, 99))} ms); server RSS ${round(before)} → peak ${round(peak)} MB (+${round(growth)}); with extractors peak ${round(peakWithExtractors)} MB`,
  );
  ctx.notes.push(
    `Hostile uploads (${ctx.database}): the server process and its text extractors together peaked at ${round(peakWithExtractors)} MB (the server alone ${round(peak)} MB); each extractor is held to FILE_EXTRACT_MEMORY_MB (256).`,
  );
  return [
    { name: "Another person's request during hostile uploads, p99", database: ctx.database, measured: round(p99), baseline: round(percentile(idle, 99)), target: 100, unit: "ms", pass: p99 < 100 },
    { name: "Server RSS growth during hostile uploads", database: ctx.database, measured: round(growth), baseline: round(before), target: 150, unit: "MB", pass: growth < 150 },
  ];
}
