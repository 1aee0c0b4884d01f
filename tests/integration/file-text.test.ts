import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "../../lib/db/generated/client";
import { getFileForDownload } from "../../lib/files/download";
import { LocalFileStorage } from "../../lib/files/storage";
import { extractText } from "../../lib/files/text";
import { uploadFile } from "../../lib/files/upload";
import { describeEachDatabase } from "../support/databases";
import { person } from "../support/fixtures";
import { docxBomb, lyingDocxBomb, pagesPdf, pdfBomb, tinyDocx, tinyPdf } from "../support/sample-files";

// Hostile uploads: decompression bombs are kept, with the reason their text is not available, and
// reading them happens in a child process held to a time and a memory limit.

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
afterEach(() => vi.unstubAllEnvs());

function tempFolder() {
  const folder = mkdtempSync(join(tmpdir(), "roundtable-file-text-"));
  folders.push(folder);
  return folder;
}

const MB = 1024 * 1024;

describeEachDatabase("hostile uploads", (database) => {
  async function upload(prisma: PrismaClient, name: string, bytes: Buffer) {
    const storage = new LocalFileStorage(tempFolder());
    const ada = await person(prisma, "Ada");
    const file = await uploadFile(prisma, { userId: ada.id, name, declaredType: "", body: new Blob([new Uint8Array(bytes)]).stream(), storage });
    const row = await prisma.file.findUniqueOrThrow({ where: { id: file.id }, select: { textStatus: true, textError: true, extractedText: true } });
    const download = await getFileForDownload(prisma, { userId: ada.id, fileId: file.id, storage });
    const kept = Buffer.from(await new Response(download.stream).arrayBuffer());
    return { file, row, kept };
  }

  it("keeps a Word document whose zip directory declares 200 MB, without inflating any of it", async () => {
    const { prisma } = database();
    const bomb = await docxBomb(200 * MB);
    const { file, row, kept } = await upload(prisma, "bomb.docx", bomb);
    expect(row).toMatchObject({ textStatus: "unavailable", extractedText: null });
    expect(row.textError).toMatch(/^Its text would unpack to 200(\.\d)? MB, more than the 16 MB that are read\.$/);
    expect(file.textError).toBe(row.textError);
    expect(kept.equals(bomb)).toBe(true);
  });

  it("keeps a Word document that hides 200 MB behind small declared sizes: nothing is inflated past them", async () => {
    const { prisma } = database();
    const { row } = await upload(prisma, "liar.docx", await lyingDocxBomb(200 * MB));
    expect(row).toEqual({ textStatus: "unavailable", textError: "It is damaged: its parts do not match the sizes its zip directory gives.", extractedText: null });
  });

  it("stops reading a PDF bomb at the memory limit and keeps the file with the reason", async () => {
    const { prisma } = database();
    vi.stubEnv("FILE_EXTRACT_MEMORY_MB", "128");
    const { row, file } = await upload(prisma, "bomb.pdf", pdfBomb(50 * MB));
    expect(row).toEqual({ textStatus: "unavailable", textError: "Reading its text needed more than 128 MB of memory, so it was stopped.", extractedText: null });
    expect(file.textError).toBe(row.textError);
  });

  it("stops reading a PDF bomb at the time limit and keeps the file with the reason", async () => {
    const { prisma } = database();
    vi.stubEnv("FILE_EXTRACT_TIMEOUT_SECONDS", "1");
    vi.stubEnv("FILE_EXTRACT_MEMORY_MB", "4096");
    const { row } = await upload(prisma, "slow.pdf", pdfBomb(40 * MB));
    expect(row).toEqual({ textStatus: "unavailable", textError: "Reading its text took longer than 1 s, so it was stopped.", extractedText: null });
  });

  it("still reads ordinary documents, and reads identical content only once", async () => {
    const { prisma } = database();
    const pdf = await upload(prisma, "notes.pdf", tinyPdf("Ordinary notes 7"));
    const docx = await upload(prisma, "letter.docx", await tinyDocx("Dear reader"));
    expect(pdf.row).toMatchObject({ textStatus: "extracted", textError: null });
    expect(pdf.row.extractedText).toContain("Ordinary notes 7");
    expect(docx.row).toEqual({ textStatus: "extracted", textError: null, extractedText: "Dear reader" });
    expect(pdf.file.textError).toBeUndefined();
    // With a limit no reader could meet, the same bytes still get their text: it is not read again.
    vi.stubEnv("FILE_EXTRACT_TIMEOUT_SECONDS", "0.001");
    expect((await upload(prisma, "copy.pdf", tinyPdf("Ordinary notes 7"))).row).toEqual(pdf.row);
  });
});

describe("text extraction limits", () => {
  it("reads no more pages and no more text than allowed", async () => {
    const path = join(tempFolder(), "pages.pdf");
    writeFileSync(path, pagesPdf(["First page", "Second page", "Third page"]));
    const two = await extractText(path, "pdf", { maxPages: 2 });
    expect(two.textStatus).toBe("extracted");
    expect(two.extractedText).toContain("Second page");
    expect(two.extractedText).not.toContain("Third page");
    expect(two.extractedText).toMatch(/\[… pages 3–3 were not read\]$/);
    expect(await extractText(path, "pdf", { maxChars: 5 })).toEqual({ textStatus: "extracted", extractedText: "First", textError: null });
  });
});
