import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extractionLimits } from "../../lib/files/limits";
import { ExtractionBusyError, Limiter } from "../../lib/files/text";
import { readZipDirectory, ZipDirectoryError } from "../../lib/files/zip-directory";
import { docxBomb, lyingDocxBomb, tinyDocx, tinyPdf } from "../support/sample-files";

const folder = mkdtempSync(join(tmpdir(), "roundtable-zip-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const saved = (name: string, bytes: Buffer) => {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
};

describe("Limiter", () => {
  it("runs at most `limit` tasks at once, starts the next in order as one ends, and refuses a queue that is too long", async () => {
    const limiter = new Limiter(2, 1);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        finish[n] = () => resolve(n);
      });
    const first = limiter.run(task(0));
    const second = limiter.run(task(1));
    const third = limiter.run(task(2));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    const busy = await limiter.run(task(3)).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(ExtractionBusyError);
    expect(busy).toMatchObject({ status: 503 });
    finish[0]!();
    expect(await first).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    finish[1]!();
    finish[2]!();
    expect(await Promise.all([second, third])).toEqual([1, 2]);
    // A task that fails frees its place too.
    await expect(limiter.run(() => Promise.reject(new Error("broken")))).rejects.toThrow("broken");
    await expect(Promise.all([limiter.run(async () => "a"), limiter.run(async () => "b"), limiter.run(async () => "c")])).resolves.toEqual(["a", "b", "c"]);
  });
});

describe("extraction limits", () => {
  it("default to 20 s, 256 MB and two at once, and take the environment's", () => {
    expect(extractionLimits({})).toEqual({ timeoutMs: 20_000, memoryMb: 256, concurrency: 2 });
    expect(extractionLimits({ FILE_EXTRACT_TIMEOUT_SECONDS: "2.5", FILE_EXTRACT_MEMORY_MB: "512", FILE_EXTRACT_CONCURRENCY: "4" })).toEqual({ timeoutMs: 2_500, memoryMb: 512, concurrency: 4 });
    expect(extractionLimits({ FILE_EXTRACT_TIMEOUT_SECONDS: "soon", FILE_EXTRACT_MEMORY_MB: "-1", FILE_EXTRACT_CONCURRENCY: "0" })).toEqual({ timeoutMs: 20_000, memoryMb: 256, concurrency: 2 });
  });
});

describe("readZipDirectory", () => {
  it("lists a Word document's parts with their declared sizes, without inflating them", async () => {
    const parts = await readZipDirectory(saved("tiny.docx", await tinyDocx("Hello")));
    expect(parts.map(({ name, method }) => [name, method])).toEqual([
      ["[Content_Types].xml", 8],
      ["_rels/.rels", 8],
      ["word/document.xml", 8],
    ]);
    expect(parts[2]!.size).toBeGreaterThan(parts[2]!.compressedSize);
    const bomb = await readZipDirectory(saved("bomb.docx", await docxBomb(20 * 1024 * 1024)));
    expect(bomb[2]!.size).toBeGreaterThan(20 * 1024 * 1024);
    // A liar is only caught by inflating with the declared size as the ceiling (the extractor does).
    expect((await readZipDirectory(saved("liar.docx", await lyingDocxBomb(20 * 1024 * 1024))))[2]!.size).toBe(4096);
  });

  it("refuses what is not a zip archive", async () => {
    await expect(readZipDirectory(saved("not.docx", tinyPdf("hello")))).rejects.toThrow(ZipDirectoryError);
    await expect(readZipDirectory(saved("empty.docx", Buffer.alloc(0)))).rejects.toThrow("It is damaged: its zip directory is missing.");
  });
});
