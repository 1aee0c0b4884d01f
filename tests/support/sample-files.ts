// Small sample files for tests, built in code so that nothing binary is committed: ordinary ones,
// and hostile ones (decompression bombs) that are a few hundred KB on the wire.
import { createDeflateRaw, crc32, deflateSync } from "node:zlib";

type PdfStream = { bytes: Buffer; filter?: "FlateDecode" };

/** A PDF with one page per content stream, built by hand (with a correct cross-reference table). */
function pdfOfPages(streams: PdfStream[]): Buffer {
  const pageIds = streams.map((_, index) => 4 + index * 2);
  const objects: (string | Buffer)[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${streams.length} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ...streams.flatMap(({ bytes, filter }, index) => [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 144] /Contents ${pageIds[index]! + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
      Buffer.concat([Buffer.from(`<< /Length ${bytes.length}${filter ? ` /Filter /${filter}` : ""} >>\nstream\n`, "latin1"), bytes, Buffer.from("\nendstream", "latin1")]),
    ]),
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n", "latin1")];
  let length = parts[0]!.length;
  const offsets = objects.map((object, index) => {
    const offset = length;
    const part = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`, "latin1"), Buffer.from(object), Buffer.from("\nendobj\n", "latin1")]);
    parts.push(part);
    length += part.length;
    return offset;
  });
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(tail, "latin1")]);
}

const textStream = (text: string): PdfStream => ({ bytes: Buffer.from(`BT /F1 18 Tf 20 80 Td (${text}) Tj ET`, "latin1") });

/** A one-page PDF whose text is `text`. */
export function tinyPdf(text: string): Buffer {
  return pdfOfPages([textStream(text)]);
}

/** A PDF with one page per text. */
export function pagesPdf(texts: string[]): Buffer {
  return pdfOfPages(texts.map(textStream));
}

/**
 * A one-page PDF whose compressed content stream inflates to about `inflatedBytes` of text
 * operators: a few dozen KB that a naive reader expands and walks in full.
 */
export function pdfBomb(inflatedBytes: number): Buffer {
  const operators = Buffer.alloc(inflatedBytes, "BT /F1 12 Tf 20 80 Td (All work and no play makes Jack a dull boy) Tj ET\n", "latin1");
  return pdfOfPages([{ bytes: deflateSync(operators, { level: 9 }), filter: "FlateDecode" }]);
}

/** A 1×1 red PNG. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

// ---------------------------------------------------------------------------
// Word documents (zip archives written by hand, so that a bomb is never held inflated in memory)

type ZipEntry = { name: string; crc: number; size: number; deflated: Buffer };

/** Deflates `times` repetitions of `chunk` without holding them all: an entry of any size. */
async function deflatedEntry(name: string, parts: { chunk: Buffer; times: number }[]): Promise<ZipEntry> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (data: Buffer) => out.push(data));
  const ended = new Promise<void>((resolve, reject) => deflate.on("end", resolve).on("error", reject));
  let crc = 0;
  let size = 0;
  for (const { chunk, times } of parts) {
    for (let i = 0; i < times; i++) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once("drain", resolve));
    }
  }
  deflate.end();
  await ended;
  return { name, crc, size, deflated: Buffer.concat(out) };
}

/** A zip archive; `declaredSizes` may lie about an entry's inflated size, as a hostile file would. */
function zipArchive(entries: ZipEntry[], declaredSizes: Record<string, number> = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const size = declaredSizes[entry.name] ?? entry.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, entry.deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + entry.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELATIONSHIPS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOCUMENT_START = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`;
const DOCUMENT_END = "</w:body></w:document>";
const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

async function docx(body: { chunk: string; times: number }, declaredSizes?: Record<string, number>): Promise<Buffer> {
  const once = (text: string) => ({ chunk: Buffer.from(text, "utf8"), times: 1 });
  const entries = [
    await deflatedEntry("[Content_Types].xml", [once(CONTENT_TYPES)]),
    await deflatedEntry("_rels/.rels", [once(RELATIONSHIPS)]),
    await deflatedEntry("word/document.xml", [once(DOCUMENT_START), { chunk: Buffer.from(body.chunk, "utf8"), times: body.times }, once(DOCUMENT_END)]),
  ];
  return zipArchive(entries, declaredSizes);
}

/** The smallest DOCX Word and mammoth read: content types, the package relationship, one paragraph. */
export function tinyDocx(text: string): Promise<Buffer> {
  return docx({ chunk: paragraph(text), times: 1 });
}

const BOMB_PARAGRAPHS = paragraph("All work and no play makes Jack a dull boy").repeat(16 * 1024);

/** A DOCX of a few hundred KB whose document unpacks to about `unpackedBytes`, and whose zip directory says so. */
export function docxBomb(unpackedBytes: number): Promise<Buffer> {
  return docx({ chunk: BOMB_PARAGRAPHS, times: Math.ceil(unpackedBytes / BOMB_PARAGRAPHS.length) });
}

/** The same bomb, but its zip directory claims the document is only a few KB. */
export function lyingDocxBomb(unpackedBytes: number): Promise<Buffer> {
  return docx({ chunk: BOMB_PARAGRAPHS, times: Math.ceil(unpackedBytes / BOMB_PARAGRAPHS.length) }, { "word/document.xml": 4096 });
}
