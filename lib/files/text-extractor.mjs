// The text of one PDF or Word document, read in a child process of its own (started by
// lib/files/text.ts) so that a hostile file can only exhaust this process, which the server
// kills at its time or memory limit. Plain JavaScript: `next start` and the tests run it as it is.
//
// Job (one IPC message): { kind: "pdf", path, timeoutMs, maxPages, maxChars }
//                     or { kind: "docx", path, timeoutMs, maxChars, parts: [{ name, offset, compressedSize, size, method }] }
// Answer: { text }, { reason } (a sentence for people) or { fault } (ours), then the process exits.
import { open, readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";

const PAGES_PER_STEP = 10;

class Unreadable extends Error {}

// Should the server die first, this process must not go on alone without its limits.
process.once("disconnect", () => process.exit(1));

process.once("message", async (job) => {
  // A backstop only: the server kills this process at the time limit, and says so.
  setTimeout(() => process.exit(1), job.timeoutMs + 5000).unref();
  let answer;
  try {
    answer = { text: job.kind === "pdf" ? await pdfText(job, await import("pdf-parse")) : await docxText(job, await import("mammoth")) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A library that cannot load is the installation's fault; anything the file does is the file's.
    answer = error instanceof Unreadable ? { reason: error.message } : error?.code === "ERR_MODULE_NOT_FOUND" ? { fault: message } : { reason: `Its text could not be read (${message.slice(0, 200)}).` };
  }
  process.send(answer, () => process.exit(0));
});

/** Page by page, up to maxPages, stopping once maxChars are read. */
async function pdfText({ path, maxPages, maxChars }, { PDFParse }) {
  // No eval of font programs; no fonts installed into anything: text is all that is wanted.
  const parser = new PDFParse({ data: new Uint8Array(await readFile(path)), isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
  try {
    let text = "";
    let total = Infinity;
    for (let first = 1; first <= Math.min(total, maxPages) && text.length < maxChars; first += PAGES_PER_STEP) {
      const result = await parser.getText({ first, last: Math.min(first + PAGES_PER_STEP - 1, maxPages) });
      total = result.total;
      text += result.text;
    }
    if (total > maxPages && text.length < maxChars) text += `\n[… pages ${maxPages + 1}–${total} were not read]`;
    return text.slice(0, maxChars);
  } catch (error) {
    if (error?.name === "PasswordException") throw new Unreadable("It is password-protected.");
    if (error?.name === "InvalidPDFException" || error?.name === "FormatError") throw new Unreadable("It is damaged, or not a PDF that can be read.");
    throw error;
  } finally {
    await parser.destroy();
  }
}

/**
 * The server has read the zip directory and checked the declared sizes of the parts mammoth reads.
 * A hostile file can declare small sizes and hold far more, so each part is inflated here first
 * with its declared size as the ceiling, before mammoth inflates anything.
 */
async function docxText({ path, parts, maxChars }, { default: mammoth }) {
  const file = await open(path);
  try {
    for (const part of parts) await checkPart(file, part);
  } finally {
    await file.close();
  }
  try {
    return (await mammoth.extractRawText({ path })).value.slice(0, maxChars);
  } catch {
    throw new Unreadable("It is damaged, or not a Word document that can be read.");
  }
}

const DAMAGED = "It is damaged: its parts do not match the sizes its zip directory gives.";

async function checkPart(file, { offset, compressedSize, size, method }) {
  const header = Buffer.alloc(30);
  await file.read(header, 0, 30, offset);
  if (header.readUInt32LE(0) !== 0x04034b50) throw new Unreadable(DAMAGED);
  const start = offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = Buffer.alloc(compressedSize);
  const { bytesRead } = await file.read(data, 0, compressedSize, start);
  if (bytesRead !== compressedSize) throw new Unreadable(DAMAGED);
  if (method === 0) {
    if (compressedSize !== size) throw new Unreadable(DAMAGED);
    return;
  }
  let inflated;
  try {
    // maxOutputLength stops inflating at the declared size instead of after the bomb has gone off.
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) }).length;
  } catch {
    throw new Unreadable(DAMAGED);
  }
  if (inflated !== size) throw new Unreadable(DAMAGED);
}
