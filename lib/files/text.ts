import "server-only";
import { fork } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { setPriority } from "node:os";
import { join } from "node:path";
import { DomainError } from "../errors";
import { extractionLimits, formatLimit, type ExtractionLimits } from "./limits";
import { readZipDirectory, ZipDirectoryError, type ZipPart } from "./zip-directory";

export const MAX_EXTRACTED_CHARS = 200_000;
export const MAX_PDF_PAGES = 500;
// mammoth needs many times an XML part's size in memory (seen: 80 times): larger documents are not read at all.
export const MAX_DOCX_XML_BYTES = 16 * 1024 * 1024;

/** What is kept of a file's text: the text, or why there is none. */
export type FileText =
  | { textStatus: "extracted"; extractedText: string; textError: null }
  | { textStatus: "unavailable"; extractedText: null; textError: string };

export const textRead = (text: string): FileText => ({ textStatus: "extracted", extractedText: cleanText(text), textError: null });
const textUnavailable = (reason: string): FileText => ({ textStatus: "unavailable", extractedText: null, textError: reason });

/** Trimmed, without NUL (PostgreSQL text cannot hold it), at most 200,000 characters. */
function cleanText(text: string): string {
  let clean = text.replaceAll("\0", "").trim();
  if (clean.length > MAX_EXTRACTED_CHARS) {
    clean = clean.slice(0, MAX_EXTRACTED_CHARS);
    // Do not end on half of a surrogate pair.
    if (/[\ud800-\udbff]$/.test(clean)) clean = clean.slice(0, -1);
  }
  return clean;
}

export class ExtractionBusyError extends DomainError {
  constructor() {
    super("The server is reading many files at the moment. Try again in a minute.", 503);
  }
}

/** At most `limit` tasks at once, the rest waiting in order; a queue longer than `maxWaiting` is refused. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    public limit: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) {
      this.running += 1;
    } else {
      if (this.waiting.length >= this.maxWaiting) throw new ExtractionBusyError();
      // The slot is handed over by the task that ends, so that no newcomer can take it in between.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.running <= this.limit ? this.waiting.shift() : undefined;
      if (next) next();
      else this.running -= 1;
    }
  }
}

// On globalThis so that every route bundle of the server shares one limit.
const cache = globalThis as typeof globalThis & { __roundtableTextExtractions?: Limiter };

function extractions(concurrency: number): Limiter {
  const limiter = (cache.__roundtableTextExtractions ??= new Limiter(concurrency, concurrency * 16));
  limiter.limit = concurrency;
  return limiter;
}

type Job = { path: string; timeoutMs: number; maxChars: number } & ({ kind: "pdf"; maxPages: number } | { kind: "docx"; parts: ZipPart[] });

/**
 * The text of a PDF or Word document, read by lib/files/text-extractor.mjs in a child process of its
 * own, never on the server's event loop: killed after the time limit or once it holds more memory
 * than allowed, a few at a time. A file that cannot be read, or is stopped, gets the reason instead.
 */
export async function extractText(
  path: string,
  kind: "pdf" | "docx",
  { limits = extractionLimits(), maxPages = MAX_PDF_PAGES, maxChars = MAX_EXTRACTED_CHARS }: { limits?: ExtractionLimits; maxPages?: number; maxChars?: number } = {},
): Promise<FileText> {
  let job: Job;
  if (kind === "pdf") {
    job = { kind, path, timeoutMs: limits.timeoutMs, maxChars, maxPages };
  } else {
    const parts = await docxParts(path);
    if (typeof parts === "string") return textUnavailable(parts);
    job = { kind, path, timeoutMs: limits.timeoutMs, maxChars, parts };
  }
  return extractions(limits.concurrency).run(() => runExtractor(job, limits));
}

/**
 * The XML parts mammoth reads, from the zip directory alone, or why the document is not read: its
 * declared size is checked before anything is inflated (the extractor then checks that the parts
 * hold no more than declared). Media and embedded files are never read for text.
 */
async function docxParts(path: string): Promise<ZipPart[] | string> {
  let parts: ZipPart[];
  try {
    parts = await readZipDirectory(path);
  } catch (error) {
    if (error instanceof ZipDirectoryError) return error.message;
    throw error;
  }
  const xml = parts.filter((part) => /\.(xml|rels)$/i.test(part.name));
  const declared = xml.reduce((total, part) => total + part.size, 0);
  if (declared > MAX_DOCX_XML_BYTES) return `Its text would unpack to ${formatLimit(declared)}, more than the ${formatLimit(MAX_DOCX_XML_BYTES)} that are read.`;
  if (xml.some((part) => part.method !== 0 && part.method !== 8)) return "It is compressed in a way Word documents never are.";
  return xml;
}

// Resolved from the working directory (the app's folder under `next start`, vitest and scripts) and
// not bundled: the child runs the file with Node as it is.
const EXTRACTOR = join(/* turbopackIgnore: true */ process.cwd(), "lib", "files", "text-extractor.mjs");
const WATCH_MS = 50;

type Answer = { text: string } | { reason: string } | { fault: string };

function runExtractor(job: Job, { timeoutMs, memoryMb }: ExtractionLimits): Promise<FileText> {
  // A missing extractor is a broken installation, not a bad file: fail loudly.
  if (!existsSync(EXTRACTOR)) return Promise.reject(new Error(`The text extractor is missing: ${EXTRACTOR}`));
  const tooSlow = `Reading its text took longer than ${formatSeconds(timeoutMs)}, so it was stopped.`;
  const tooLarge = `Reading its text needed more than ${memoryMb} MB of memory, so it was stopped.`;
  return new Promise((resolve, reject) => {
    // No environment: the extractor needs none, and a hostile file gets nothing to read from it.
    const child = fork(EXTRACTOR, [], { execArgv: [`--max-old-space-size=${memoryMb}`], env: { NODE_ENV: "production" }, stdio: ["ignore", "ignore", "pipe", "ipc"] });
    // The lowest CPU priority: on a busy machine the server's own requests go first.
    try {
      if (child.pid !== undefined) setPriority(child.pid, 19);
    } catch {
      // Already gone: its close event says why.
    }
    let stderr = "";
    let answer: Answer | undefined;
    let stopped: string | undefined;
    const stop = (reason: string) => {
      stopped ??= reason;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => stop(tooSlow), timeoutMs);
    // The heap limit does not cover pdf.js's buffers, so resident memory is watched as well.
    const watch = setInterval(() => {
      if (child.pid !== undefined && residentMb(child.pid) > memoryMb) stop(tooLarge);
    }, WATCH_MS);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on("message", (message: Answer) => {
      answer = message;
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      clearInterval(watch);
      reject(error);
    });
    child.once("close", () => {
      clearTimeout(timer);
      clearInterval(watch);
      if (stopped) return resolve(textUnavailable(stopped));
      if (answer && "text" in answer) return resolve(textRead(answer.text));
      if (answer && "reason" in answer) return resolve(textUnavailable(answer.reason));
      if (answer) return reject(new Error(`The text extractor failed: ${answer.fault}`));
      if (/heap limit|out of memory/i.test(stderr)) return resolve(textUnavailable(tooLarge));
      console.error(`The text extractor stopped without an answer: ${stderr}`);
      resolve(textUnavailable("Reading its text failed."));
    });
    child.send(job);
  });
}

function residentMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0; // Gone, or no /proc (not Linux): the heap limit and the time limit still hold.
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
