import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { NotFoundError } from "../errors";
import { visibleFileWhere } from "./access";
import { toFileDTO, type FileDTO } from "./dto";
import { fileStorage, type FileStorage } from "./storage";

export const FILE_NOT_FOUND = "This file does not exist, or you may not see it.";

/** The file and its bytes, if this person may see it; otherwise NotFoundError, as for a missing file. */
export async function getFileForDownload(
  prisma: PrismaClient,
  { userId, fileId, storage = fileStorage() }: { userId: string; fileId: string; storage?: FileStorage },
): Promise<{ file: FileDTO; stream: ReadableStream<Uint8Array> }> {
  const file = await prisma.file.findFirst({
    where: { AND: [{ id: fileId }, visibleFileWhere(userId)] },
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
