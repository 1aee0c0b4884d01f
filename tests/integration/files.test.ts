import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect, it, vi } from "vitest";
import type { PrismaClient } from "../../lib/db/generated/client";
import { NotFoundError, ValidationError } from "../../lib/errors";
import { visibleFileWhere } from "../../lib/files/access";
import { downloadHeaders, FILE_NOT_FOUND, getFileForDownload } from "../../lib/files/download";
import { FileTooLargeError } from "../../lib/files/limits";
import { sanitizeFileName } from "../../lib/files/names";
import { listUploadedFiles, uploadFile } from "../../lib/files/upload";
import { LocalFileStorage } from "../../lib/files/storage";
import { describeEachDatabase } from "../support/databases";
import { person, room } from "../support/fixtures";
import { TINY_PNG, tinyDocx, tinyPdf } from "../support/sample-files";

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
afterEach(() => vi.unstubAllEnvs());

/** A storage folder of the test's own, like a fresh ROUNDTABLE_DATA_DIR/files. */
function freshStorage() {
  const folder = mkdtempSync(join(tmpdir(), "roundtable-files-"));
  folders.push(folder);
  return new LocalFileStorage(folder);
}

const blobs = (storage: LocalFileStorage) =>
  existsSync(join(storage.rootDir, "sha256")) ? readdirSync(join(storage.rootDir, "sha256"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length : 0;
const temporaries = (storage: LocalFileStorage) => (existsSync(storage.tempDir) ? readdirSync(storage.tempDir).length : 0);
const streamOf = (content: string | Uint8Array) => new Blob([typeof content === "string" ? content : new Uint8Array(content)]).stream();
const textOf = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);
const MZ = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(2048, 0x90)]);

async function refusal(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).message;
}

describeEachDatabase("files", (database) => {
  const rowsOf = (prisma: PrismaClient, uploaderId: string) => prisma.file.count({ where: { uploaderId } });

  it("round-trips a text file with its text extracted", async () => {
    const { prisma } = database();
    const storage = freshStorage();
    const ada = await person(prisma, "Ada");
    const content = "# Plan\n\nShip it ✓";
    const file = await uploadFile(prisma, { userId: ada.id, name: "plan.md", declaredType: "text/markdown", body: streamOf(content), storage });
    expect(file).toEqual({ id: file.id, name: "plan.md", size: Buffer.byteLength(content), mimeType: "text/markdown", isImage: false, url: `/api/files/${file.id}` });
    const row = await prisma.file.findUniqueOrThrow({ where: { id: file.id } });
    expect(row.extractedText).toBe(content);
    expect(row.storageKey).toBe(`sha256/${row.sha256.slice(0, 2)}/${row.sha256}`);
    const download = await getFileForDownload(prisma, { userId: ada.id, fileId: file.id, storage });
    expect(download.file).toEqual(file);
    expect(await textOf(download.stream)).toBe(content);
    expect(await listUploadedFiles(prisma, { userId: ada.id })).toEqual([file]);
    expect(temporaries(storage)).toBe(0);
  });

  it("stores identical content once, however many people upload it", async () => {
    const { prisma } = database();
    const storage = freshStorage();
    const ada = await person(prisma, "Ada");
    const bob = await person(prisma, "Bob");
    const first = await uploadFile(prisma, { userId: ada.id, name: "data.csv", declaredType: "text/csv", body: streamOf("a,b\n1,2\n"), storage });
    const second = await uploadFile(prisma, { userId: bob.id, name: "copy.csv", declaredType: "text/csv", body: streamOf("a,b\n1,2\n"), storage });
    expect(second.id).not.toBe(first.id);
    const rows = await prisma.file.findMany({ where: { id: { in: [first.id, second.id] } } });
    expect(new Set(rows.map((row) => row.storageKey)).size).toBe(1);
    expect(blobs(storage)).toBe(1);
  });

  it("refuses a file over the limit as soon as it passes it, leaving nothing behind", async () => {
    const { prisma } = database();
    const storage = freshStorage();
    const ada = await person(prisma, "Ada");
    const mebibyte = new Uint8Array(1024 * 1024).fill(0x61);
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled += 1;
        yield mebibyte;
      }
    }
    const error = await uploadFile(prisma, { userId: ada.id, name: "huge.txt", declaredType: "text/plain", body: endless(), storage }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error).toMatchObject({ status: 413, message: "huge.txt is larger than 20 MB." });
    expect(pulled).toBe(21);

    // A declared size over the limit is refused before a byte is read; FILE_MAX_BYTES sets the limit.
    vi.stubEnv("FILE_MAX_BYTES", String(1024 * 1024));
    const unread = new ReadableStream<Uint8Array>({
      pull() {
        throw new Error("the body should not be read");
      },
    });
    await expect(uploadFile(prisma, { userId: ada.id, name: "report.pdf", declaredType: "application/pdf", body: unread, declaredSize: 2 * 1024 * 1024, storage })).rejects.toThrow(
      "report.pdf is larger than 1 MB.",
    );
    expect([temporaries(storage), blobs(storage), await rowsOf(prisma, ada.id)]).toEqual([0, 0, 0]);
  });

  it("refuses disguised and unaccepted files with clear messages, leaving nothing behind", async () => {
    const { prisma } = database();
    const storage = freshStorage();
    const ada = await person(prisma, "Ada");
    const upload = (name: string, bytes: Uint8Array | string, declaredType = "application/octet-stream") => uploadFile(prisma, { userId: ada.id, name, declaredType, body: streamOf(bytes), storage });
    expect(await refusal(upload("report.pdf", TINY_PNG, "application/pdf"))).toBe("report.pdf is not a PDF (its content looks like image/png).");
    expect(await refusal(upload("notes.txt", ELF, "text/plain"))).toBe("notes.txt is not a text file (its content looks like application/x-elf).");
    expect(await refusal(upload("readme.txt", MZ, "text/plain"))).toBe("readme.txt is not a text file (its content looks like application/x-msdownload).");
    expect(await refusal(upload("latin1.txt", Buffer.from("café", "latin1")))).toBe("latin1.txt is not a text file (its content is not UTF-8 text).");
    expect(await refusal(upload("photo.png", tinyPdf("Not a photo"), "image/png"))).toBe("photo.png is not an image (its content looks like application/pdf).");
    expect(await refusal(upload("letter.docx", TINY_PNG))).toBe("letter.docx is not a Word document (its content looks like image/png).");
    const notAccepted = "this type of file is not accepted. Allowed: images, PDF, Word (.docx) and text files.";
    expect(await refusal(upload("setup.exe", MZ))).toBe(`setup.exe: ${notAccepted}`);
    expect(await refusal(upload("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"))).toBe(`logo.svg: ${notAccepted}`);
    expect([temporaries(storage), blobs(storage), await rowsOf(prisma, ada.id)]).toEqual([0, 0, 0]);
  });

  it("accepts an image by its content and extracts no text from it", async () => {
    const { prisma } = database();
    const storage = freshStorage();
    const ada = await person(prisma, "Ada");
    // Named .jpg but a PNG: still an image, served as what it really is.
    const file = await uploadFile(prisma, { userId: ada.id, name: "chart.jpg", declaredType: "image/jpeg", body: streamOf(TINY_PNG), storage });
    expect(file).toMatchObject({ mimeType: "image/png", isImage: true, size: TINY_PNG.length });
    expect(await prisma.file.findUniqueOrThrow({ where: { id: file.id }, select: { extractedText: true, textStatus: true } })).toEqual({ extractedText: null, textStatus: "none" });
  });

  it("extracts the text of a PDF and of a Word document", async () => {
    const { prisma } = database();
    const storage = freshStorage();
    const ada = await person(prisma, "Ada");
    const pdf = await uploadFile(prisma, { userId: ada.id, name: "report.pdf", declaredType: "application/pdf", body: streamOf(tinyPdf("Quarterly revenue 42")), storage });
    const docx = await uploadFile(prisma, { userId: ada.id, name: "letter.docx", declaredType: "", body: streamOf(await tinyDocx("Hello from Word")), storage });
    expect([pdf.mimeType, docx.mimeType]).toEqual(["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]);
    const texts = await prisma.file.findMany({ where: { id: { in: [pdf.id, docx.id] } }, select: { name: true, extractedText: true }, orderBy: { name: "asc" } });
    expect(texts[0]).toEqual({ name: "letter.docx", extractedText: "Hello from Word" });
    expect(texts[1]?.extractedText).toContain("Quarterly revenue 42");
    // A PDF that cannot be read is still kept for people; the models get no text from it.
    const damaged = await uploadFile(prisma, { userId: ada.id, name: "damaged.pdf", declaredType: "application/pdf", body: streamOf("%PDF-1.4\nnot really a PDF\n%%EOF\n"), storage });
    const reason = "It is damaged, or not a PDF that can be read.";
    expect(await prisma.file.findUniqueOrThrow({ where: { id: damaged.id }, select: { extractedText: true, textStatus: true, textError: true } })).toEqual({ extractedText: null, textStatus: "unavailable", textError: reason });
    expect(damaged.textError).toBe(reason);
    expect(await listUploadedFiles(prisma, { userId: ada.id })).toContainEqual(damaged);
  });

  it("keeps only a safe display name", async () => {
    const { prisma } = database();
    const storage = freshStorage();
    const ada = await person(prisma, "Ada");
    const file = await uploadFile(prisma, { userId: ada.id, name: "C:\\Users\\ada\\..\\Desktop/../../etc/re\u0000port\u202e.txt", declaredType: "text/plain", body: streamOf("hi"), storage });
    expect(file.name).toBe("report.txt");
    expect(sanitizeFileName("  my \t\n  notes\u0007  .md ")).toBe("my notes .md");
    expect(sanitizeFileName("folder/")).toBe("file");
    expect(sanitizeFileName("..")).toBe("file");
    const long = sanitizeFileName(`${"é".repeat(300)}.pdf`);
    expect([Array.from(long).length, long.endsWith("é.pdf")]).toEqual([200, true]);
    // Without an extension, the declared type says what the file should be.
    expect(await uploadFile(prisma, { userId: ada.id, name: "\u0001", declaredType: "text/plain; charset=utf-8", body: streamOf("pasted"), storage })).toMatchObject({ name: "file", mimeType: "text/plain" });
  });

  it("lets the uploader, members of threads where it is shared, and everyone for an assistant's file download it; nobody else", async () => {
    const { prisma } = database();
    const storage = freshStorage();
    const { owner, member, outsider, thread, assistant } = await room(prisma);
    const upload = (userId: string, name: string) => uploadFile(prisma, { userId, name, declaredType: "text/plain", body: streamOf(`contents of ${name}`), storage });
    const download = (userId: string, fileId: string) => getFileForDownload(prisma, { userId, fileId, storage });
    const refused = async (userId: string, fileId: string) => {
      const error = await download(userId, fileId).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe(FILE_NOT_FOUND);
    };

    const shared = await upload(owner.id, "shared.txt");
    await refused(member.id, shared.id);
    const message = await prisma.message.create({
      data: { threadId: thread.id, seq: 1000, role: "user", authorUserId: owner.id, content: "See attached", files: { create: [{ fileId: shared.id }] } },
    });
    expect(await textOf((await download(owner.id, shared.id)).stream)).toBe("contents of shared.txt");
    expect(await textOf((await download(member.id, shared.id)).stream)).toBe("contents of shared.txt");
    await refused(outsider.id, shared.id);
    await refused(outsider.id, "no-such-file");
    // A deleted message no longer shares its files.
    await prisma.message.update({ where: { id: message.id }, data: { deletedAt: new Date() } });
    await refused(member.id, shared.id);

    const forRun = await upload(owner.id, "run.txt");
    await prisma.run.create({ data: { threadId: thread.id, assistantId: assistant.id, status: "completed", overrideFiles: true, files: { create: [{ fileId: forRun.id }] } } });
    await expect(download(member.id, forRun.id)).resolves.toMatchObject({ file: { name: "run.txt" } });
    await refused(outsider.id, forRun.id);

    const knowledge = await upload(owner.id, "knowledge.txt");
    await prisma.assistantFile.create({ data: { assistantId: assistant.id, fileId: knowledge.id } });
    await expect(download(outsider.id, knowledge.id)).resolves.toMatchObject({ file: { name: "knowledge.txt" } });
    await prisma.assistant.update({ where: { id: assistant.id }, data: { deletedAt: new Date() } });
    await refused(outsider.id, knowledge.id);

    const visible = await prisma.file.findMany({ where: { id: { in: [shared.id, forRun.id, knowledge.id] }, AND: [visibleFileWhere(member.id)] }, select: { name: true } });
    expect(visible).toEqual([{ name: "run.txt" }]);
  });

  it("serves downloads as attachments, never as markup, with a safe file name", () => {
    const pdf = { id: "f1", name: 'Résumé «final» "v2".pdf', size: 10, mimeType: "application/pdf", isImage: false, url: "/api/files/f1" };
    expect(downloadHeaders(pdf, { inline: true })).toEqual({
      "Content-Type": "application/pdf",
      "Content-Length": "10",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "Cache-Control": "private, max-age=3600",
      "Content-Disposition": `attachment; filename="R_sum_ _final_ _v2_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%C2%ABfinal%C2%BB%20%22v2%22.pdf`,
    });
    const image = { ...pdf, name: "chart.png", mimeType: "image/png", isImage: true };
    expect(downloadHeaders(image, { inline: true })["Content-Disposition"]).toBe(`inline; filename="chart.png"; filename*=UTF-8''chart.png`);
    expect(downloadHeaders(image, { inline: false })["Content-Disposition"]).toMatch(/^attachment;/);
    expect(downloadHeaders({ ...pdf, mimeType: "text/plain" }, { inline: false })["Content-Type"]).toBe("text/plain; charset=utf-8");
  });
});
