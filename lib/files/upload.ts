import "server-only";
import { isUtf8 } from "node:buffer";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileTypeFromBlob } from "file-type";
import { dataDir } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { ValidationError } from "../errors";
import { claimedType, DOCX, IMAGE_TYPES, KIND_LABELS, NOT_ACCEPTED, type Claim } from "./accepted-types";
import { FILE_DTO_SELECT, toFileDTO, type FileDTO } from "./dto";
import { fileMaxBytes, FileTooLargeError } from "./limits";
import { sanitizeFileName } from "./names";
import { fileStorage, LocalFileStorage, type FileStorage } from "./storage";
import { extractText, textRead, type FileText } from "./text";

/** The files a person uploaded, newest first: what they may attach or hand to a run. */
export async function listUploadedFiles(prisma: PrismaClient, { userId }: { userId: string }): Promise<FileDTO[]> {
  const files = await prisma.file.findMany({ where: { uploaderId: userId }, orderBy: { createdAt: "desc" }, select: FILE_DTO_SELECT });
  return files.map(toFileDTO);
}

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
 * unless identical content already is, and recorded with its text for the models (or the reason
 * there is none).
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
    const { mimeType, text } = await inspect(prisma, tempPath, { name, claim, sha256 });
    const storageKey = `sha256/${sha256.slice(0, 2)}/${sha256}`;
    if (!(await storage.has(storageKey))) await storage.put(storageKey, tempPath);
    const file = await prisma.file.create({ data: { name, mimeType, size, sha256, storageKey, uploaderId: userId, ...text }, select: FILE_DTO_SELECT });
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

type StoredText = FileText | { textStatus: "none" };

/** The type the content really has, if it is the one claimed, and its text. */
async function inspect(
  prisma: PrismaClient,
  path: string,
  { name, claim, sha256 }: { name: string; claim: Claim; sha256: string },
): Promise<{ mimeType: string; text: StoredText }> {
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
      return { mimeType: sniffed, text: { textStatus: "none" } };
    case "pdf":
    case "docx": {
      if (sniffed !== (claim.kind === "pdf" ? "application/pdf" : DOCX)) throw disguised();
      // Identical content was read before: its text (or the reason it has none) is the same, so a
      // hostile file uploaded again costs nothing.
      const known = await prisma.file.findFirst({
        where: { sha256, mimeType: claim.mimeType, textStatus: { not: "none" } },
        select: { textStatus: true, extractedText: true, textError: true },
      });
      return { mimeType: claim.mimeType, text: (known as FileText | null) ?? (await extractText(path, claim.kind)) };
    }
    case "text": {
      const bytes = await readFile(path);
      const binary = sniffed !== undefined && !sniffed.startsWith("text/") && sniffed !== "application/xml";
      if (binary || !isUtf8(bytes) || bytes.includes(0)) throw disguised();
      return { mimeType: claim.mimeType, text: textRead(bytes.toString("utf8").replace(/^\uFEFF/, "")) };
    }
  }
}
