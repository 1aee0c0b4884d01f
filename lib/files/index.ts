import "server-only";
import { isUtf8 } from "node:buffer";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileTypeFromBlob } from "file-type";
import mammoth from "mammoth";
// Before pdf-parse: sets up pdf.js's worker and canvas globals, which a bundled server build
// (Next.js) cannot find on its own.
import "pdf-parse/worker";
import { FormatError, InvalidPDFException, PasswordException, PDFParse } from "pdf-parse";
import { dataDir, type Env } from "../config";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { DomainError, NotFoundError, ValidationError } from "../errors";
import { FILE_MAX_BYTES_DEFAULT, toFileDTO, type FileDTO } from "./dto";
import { fileStorage, LocalFileStorage, type FileStorage } from "./storage";

/** The files a person uploaded, newest first: what they may attach or hand to a run. */
export async function listUploadedFiles(prisma: PrismaClient, { userId }: { userId: string }): Promise<FileDTO[]> {
  const files = await prisma.file.findMany({ where: { uploaderId: userId }, orderBy: { createdAt: "desc" }, select: { id: true, name: true, size: true, mimeType: true } });
  return files.map(toFileDTO);
}

export class FileTooLargeError extends DomainError {
  constructor(name: string, maxBytes: number) {
    super(`${name} is larger than ${formatLimit(maxBytes)}.`, 413);
  }
}

/** FILE_MAX_BYTES, or 20 MiB. */
export function fileMaxBytes(env: Env = process.env): number {
  const value = Number(env.FILE_MAX_BYTES);
  return Number.isSafeInteger(value) && value > 0 ? value : FILE_MAX_BYTES_DEFAULT;
}

function formatLimit(bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), "MB"] : bytes >= 1024 ? [bytes / 1024, "KB"] : [bytes, "bytes"];
  return `${Number(value.toFixed(1))} ${unit}`;
}

// ---------------------------------------------------------------------------
// Accepted types

type Kind = "image" | "pdf" | "docx" | "text";
type Claim = { kind: Kind; mimeType: string };

const KIND_LABELS: Record<Kind, string> = { image: "an image", pdf: "a PDF", docx: "a Word document", text: "a text file" };
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const CODE_EXTENSIONS =
  "ts tsx js jsx mjs cjs py go rs java kt swift c cc cpp h hpp cs rb php pl lua r scala sh bash zsh ps1 yaml yml toml ini cfg conf env sql graphql html htm css scss less xml vue svelte log tsv";

// SVG is deliberately absent: it is markup that can carry scripts.
const EXTENSIONS = new Map<string, Claim>([
  ["png", { kind: "image", mimeType: "image/png" }],
  ["jpg", { kind: "image", mimeType: "image/jpeg" }],
  ["jpeg", { kind: "image", mimeType: "image/jpeg" }],
  ["gif", { kind: "image", mimeType: "image/gif" }],
  ["webp", { kind: "image", mimeType: "image/webp" }],
  ["pdf", { kind: "pdf", mimeType: "application/pdf" }],
  ["docx", { kind: "docx", mimeType: DOCX }],
  ["txt", { kind: "text", mimeType: "text/plain" }],
  ["md", { kind: "text", mimeType: "text/markdown" }],
  ["markdown", { kind: "text", mimeType: "text/markdown" }],
  ["csv", { kind: "text", mimeType: "text/csv" }],
  ["json", { kind: "text", mimeType: "application/json" }],
  // Code, HTML, CSS and XML as plain text, so that they are never served as markup.
  ...CODE_EXTENSIONS.split(" ").map((extension): [string, Claim] => [extension, { kind: "text", mimeType: "text/plain" }]),
]);

const IMAGE_TYPES = new Set([...EXTENSIONS.values()].filter((claim) => claim.kind === "image").map((claim) => claim.mimeType));

const NOT_ACCEPTED = "this type of file is not accepted. Allowed: images, PDF, Word (.docx) and text files.";

/** What the name says the file is; only a name without an extension falls back on the declared type. */
function claimedType(name: string, declaredType: string): Claim | undefined {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension) return EXTENSIONS.get(extension);
  const declared = declaredType.split(";")[0]?.trim().toLowerCase();
  return [...EXTENSIONS.values()].find((claim) => claim.mimeType === declared);
}

// ---------------------------------------------------------------------------
// Names

const MAX_NAME_LENGTH = 200;
// Control characters, and the bidirectional marks that can make "exe.pdf" read as "fdp.exe".
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** A display name safe to show and to put in a header: the last path segment, printable, at most 200 characters. */
export function sanitizeFileName(raw: string): string {
  const base = (raw.split(/[/\\]/).pop() ?? "").replace(/\s/g, " ").replace(INVISIBLE, "").replace(/ +/g, " ").trim();
  if (/^\.*$/.test(base)) return "file";
  const characters = Array.from(base);
  if (characters.length <= MAX_NAME_LENGTH) return base;
  // Keep the extension: it says what the file is.
  const extension = /\.[^.\s]{1,16}$/.exec(base)?.[0] ?? "";
  return characters.slice(0, MAX_NAME_LENGTH - Array.from(extension).length).join("").trimEnd() + extension;
}

// ---------------------------------------------------------------------------
// Upload

const MAX_EXTRACTED_CHARS = 200_000;

export type UploadInput = {
  userId: string;
  name: string;
  declaredType: string;
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  declaredSize?: number;
  storage?: FileStorage;
};

/**
 * Receives a file once: streamed to a temporary file (hashed and counted on the way, refused as
 * soon as it is too large), checked by its content rather than its name, stored under its hash
 * unless identical content already is, and recorded with its text for the models.
 */
export async function uploadFile(prisma: PrismaClient, { userId, name: rawName, declaredType, body, declaredSize, storage = fileStorage() }: UploadInput): Promise<FileDTO> {
  const name = sanitizeFileName(rawName);
  const maxBytes = fileMaxBytes();
  if (declaredSize !== undefined && declaredSize > maxBytes) throw new FileTooLargeError(name, maxBytes);
  const claim = claimedType(name, declaredType);
  if (!claim) throw new ValidationError(`${name}: ${NOT_ACCEPTED}`);

  // Beside a local store's blobs (by default <data dir>/files/tmp), so that all of it lives in one folder.
  const tempDir = storage instanceof LocalFileStorage ? storage.tempDir : join(dataDir(), "files", "tmp");
  await mkdir(tempDir, { recursive: true });
  const tempPath = join(tempDir, `${randomUUID()}.upload`);
  try {
    const { sha256, size } = await receive(body, tempPath, { name, maxBytes });
    const { mimeType, extractedText } = await inspect(tempPath, { name, claim });
    const storageKey = `sha256/${sha256.slice(0, 2)}/${sha256}`;
    if (!(await storage.has(storageKey))) await storage.put(storageKey, tempPath);
    const file = await prisma.file.create({
      data: { name, mimeType, size, sha256, storageKey, uploaderId: userId, extractedText },
      select: { id: true, name: true, size: true, mimeType: true },
    });
    return toFileDTO(file);
  } finally {
    await rm(tempPath, { force: true });
  }
}

async function receive(body: UploadInput["body"], path: string, { name, maxBytes }: { name: string; maxBytes: number }) {
  const hash = createHash("sha256");
  let size = 0;
  await pipeline(
    // Node's web streams are async iterable; the DOM typings used here do not say so.
    body as AsyncIterable<Uint8Array>,
    async function* (chunks: AsyncIterable<Uint8Array>) {
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new FileTooLargeError(name, maxBytes);
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(path, { flags: "wx" }),
  );
  return { sha256: hash.digest("hex"), size };
}

/** The type the content really has, if it is the one claimed, and its text. */
async function inspect(path: string, { name, claim }: { name: string; claim: Claim }): Promise<{ mimeType: string; extractedText: string | null }> {
  const detected = (await fileTypeFromBlob(await openAsBlob(path)))?.mime;
  // An animated PNG is still a PNG to every viewer.
  const sniffed = detected === "image/apng" ? "image/png" : detected;
  const disguised = () =>
    new ValidationError(
      `${name} is not ${KIND_LABELS[claim.kind]} (${sniffed ? `its content looks like ${sniffed}` : claim.kind === "text" ? "its content is not UTF-8 text" : "its content is not in a format we recognise"}).`,
    );
  switch (claim.kind) {
    case "image":
      // Any accepted image will do, whatever its extension says; it is served as what it is.
      if (!sniffed || !IMAGE_TYPES.has(sniffed)) throw disguised();
      return { mimeType: sniffed, extractedText: null };
    case "pdf":
      if (sniffed !== "application/pdf") throw disguised();
      return { mimeType: claim.mimeType, extractedText: await pdfText(await readFile(path)) };
    case "docx":
      if (sniffed !== DOCX) throw disguised();
      return { mimeType: claim.mimeType, extractedText: await docxText(await readFile(path)) };
    case "text": {
      const bytes = await readFile(path);
      const binary = sniffed !== undefined && !sniffed.startsWith("text/") && sniffed !== "application/xml";
      if (binary || !isUtf8(bytes) || bytes.includes(0)) throw disguised();
      return { mimeType: claim.mimeType, extractedText: cleanText(bytes.toString("utf8").replace(/^\uFEFF/, "")) };
    }
  }
}

// A PDF or DOCX that passed the type check but cannot be read (encrypted, damaged) is still kept
// for people to download; the models just get no text from it.
async function pdfText(bytes: Buffer): Promise<string | null> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return cleanText((await parser.getText()).text);
  } catch (error) {
    // Anything else (pdf.js failing to start, say) is our fault and must not pass silently.
    if (error instanceof InvalidPDFException || error instanceof PasswordException || error instanceof FormatError) return null;
    throw error;
  } finally {
    await parser.destroy();
  }
}

async function docxText(bytes: Buffer): Promise<string | null> {
  try {
    return cleanText((await mammoth.extractRawText({ buffer: bytes })).value);
  } catch {
    return null;
  }
}

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

// ---------------------------------------------------------------------------
// Access and download

/**
 * Files this person may see: their own uploads, files attached to a visible message of a thread
 * they are in, files of a run in such a thread, and files of any assistant (assistants are
 * visible to every signed-in person).
 */
export function fileAccessWhere(userId: string): Prisma.FileWhereInput {
  const inMyThreads = { thread: { members: { some: { userId } } } };
  return {
    OR: [
      { uploaderId: userId },
      { messages: { some: { message: { deletedAt: null, ...inMyThreads } } } },
      { runs: { some: { run: inMyThreads } } },
      { assistants: { some: { assistant: { deletedAt: null } } } },
    ],
  };
}

export const FILE_NOT_FOUND = "This file does not exist, or you may not see it.";

/** The file and its bytes, if this person may see it; otherwise NotFoundError, as for a missing file. */
export async function getFileForDownload(
  prisma: PrismaClient,
  { userId, fileId, storage = fileStorage() }: { userId: string; fileId: string; storage?: FileStorage },
): Promise<{ file: FileDTO; stream: ReadableStream<Uint8Array> }> {
  const file = await prisma.file.findFirst({
    where: { id: fileId, ...fileAccessWhere(userId) },
    select: { id: true, name: true, size: true, mimeType: true, storageKey: true },
  });
  if (!file) throw new NotFoundError(FILE_NOT_FOUND);
  const { storageKey, ...shown } = file;
  return { file: toFileDTO(shown), stream: await storage.read(storageKey) };
}

/**
 * Response headers for a download. Never markup, never sniffed, sandboxed if opened anyway; shown
 * in the page only for images that ask for it.
 */
export function downloadHeaders(file: FileDTO, { inline }: { inline: boolean }): Record<string, string> {
  const textual = file.mimeType.startsWith("text/") || file.mimeType === "application/json";
  return {
    "Content-Type": textual ? `${file.mimeType}; charset=utf-8` : file.mimeType,
    "Content-Length": String(file.size),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    "Cache-Control": "private, max-age=3600",
    "Content-Disposition": contentDisposition(inline && file.isImage ? "inline" : "attachment", file.name),
  };
}

/** An ASCII filename for old clients and the exact one in RFC 5987 form for the rest. */
export function contentDisposition(type: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
