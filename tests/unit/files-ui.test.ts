import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { carriesFiles, dragDepth } from "../../components/files/drop-zone";
import { FileChip, fileKind, fileTypeLabel } from "../../components/files/file-chip";
import { MessageFiles } from "../../components/files/message-files";
import { readUploadResponse, tooLargeMessage, uploadFile } from "../../components/files/upload";
import {
  attachmentsReducer,
  pastedFiles,
  uploadsToStart,
  type Attachment,
  type AttachmentAction,
  type AttachmentState,
} from "../../components/files/use-attachments";
import { FILE_MAX_BYTES_DEFAULT, formatBytes, type FileDTO } from "../../lib/files/dto";

const dto = (id: string, name: string, mimeType = "application/pdf"): FileDTO => ({
  id,
  name,
  size: 2048,
  mimeType,
  isImage: mimeType.startsWith("image/"),
  url: `/api/files/${id}`,
});
const file = (name: string, type = "text/plain") => new File(["hello"], name, { type });
const run = (actions: AttachmentAction[], from: AttachmentState[] = []) => actions.reduce(attachmentsReducer, from);
const added = (count: number) => run([{ type: "add", files: Array.from({ length: count }, (_, index) => ({ key: `k${index}`, file: file(`f${index}.txt`) })) }]);
const statusOf = (items: AttachmentState[]) => Object.fromEntries(items.map((item) => [item.key, item.status]));

describe("formatBytes", () => {
  it("says sizes the short way", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1.2 * 1024)).toBe("1.2 KB");
    expect(formatBytes(3.4 * 1024 * 1024)).toBe("3.4 MB");
  });
});

describe("uploads", () => {
  it("refuses a file over the default limit before sending anything", async () => {
    expect(tooLargeMessage("report.pdf")).toBe("report.pdf is larger than 20 MB.");
    // Node has no XMLHttpRequest: getting this far without one proves nothing was sent.
    const big = new File([new Uint8Array(FILE_MAX_BYTES_DEFAULT + 1)], "big.bin");
    await expect(uploadFile(big)).rejects.toThrow("big.bin is larger than 20 MB.");
  });

  it("does not start an upload already cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(uploadFile(file("a.txt"), { signal: controller.signal })).rejects.toThrow("Upload cancelled.");
  });

  it("reads the server's answer: the file, its error, or the status", () => {
    const stored = dto("f1", "report.pdf");
    expect(readUploadResponse(201, JSON.stringify(stored))).toEqual({ ok: true, file: stored });
    expect(readUploadResponse(413, JSON.stringify({ error: "report.pdf is larger than 20 MB." }))).toEqual({ ok: false, error: "report.pdf is larger than 20 MB." });
    expect(readUploadResponse(502, "<html>Bad gateway</html>")).toEqual({ ok: false, error: "Upload failed (HTTP 502)." });
    expect(readUploadResponse(201, "{}")).toEqual({ ok: false, error: "Upload failed (HTTP 201)." });
    expect(readUploadResponse(400, JSON.stringify({ error: "" }))).toEqual({ ok: false, error: "Upload failed (HTTP 400)." });
  });
});

describe("attachments", () => {
  it("runs at most three uploads at once, oldest first, and starts the next when one ends", () => {
    let items = added(5);
    expect(items.every((item) => item.status === "uploading" && item.progress === 0)).toBe(true);
    expect(uploadsToStart(items)).toEqual(["k0", "k1", "k2"]);
    items = run([{ type: "start", keys: ["k0", "k1", "k2"] }], items);
    expect(uploadsToStart(items)).toEqual([]);
    items = run([{ type: "done", key: "k1", result: dto("f1", "f1.txt") }], items);
    expect(uploadsToStart(items)).toEqual(["k3"]);
    items = run([{ type: "failed", key: "k0", error: "nope" }], items);
    expect(uploadsToStart(items)).toEqual(["k3", "k4"]);
  });

  it("never starts a waiting upload that was cancelled, and ignores results that arrive after a cancel", () => {
    let items = run([{ type: "start", keys: ["k0", "k1", "k2"] }, { type: "cancel", key: "k3" }, { type: "cancel", key: "k0" }], added(4));
    expect(uploadsToStart(items)).toEqual([]);
    items = run([{ type: "done", key: "k0", result: dto("f0", "f0.txt") }, { type: "failed", key: "k0", error: "Upload cancelled." }], items);
    expect(statusOf(items)).toEqual({ k0: "cancelled", k1: "uploading", k2: "uploading", k3: "cancelled" });
    expect(items[0]!.result).toBeUndefined();
  });

  it("keeps progress between 0 and 1 and never going back", () => {
    const items = run([{ type: "start", keys: ["k0"] }, { type: "progress", key: "k0", fraction: 0.6 }, { type: "progress", key: "k0", fraction: 0.4 }], added(1));
    expect(items[0]!.progress).toBe(0.6);
    expect(run([{ type: "progress", key: "k0", fraction: 3 }], items)[0]!.progress).toBe(1);
  });

  it("adds an already uploaded file as done, once", () => {
    const items = run([
      { type: "addUploaded", key: "a", file: dto("f1", "notes.txt", "text/plain") },
      { type: "addUploaded", key: "b", file: dto("f1", "notes.txt", "text/plain") },
    ]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ key: "a", file: null, status: "done", progress: 1, name: "notes.txt", mimeType: "text/plain" });
    expect(uploadsToStart(items)).toEqual([]);
  });

  it("removes some attachments, or all", () => {
    expect(run([{ type: "remove", keys: ["k1"] }], added(3)).map((item) => item.key)).toEqual(["k0", "k2"]);
    expect(run([{ type: "remove" }], added(3))).toEqual([]);
  });

  it("attaches pasted files, unless the paste has plain text (a spreadsheet range is also a picture)", () => {
    const shot = file("image.png", "image/png");
    expect(pastedFiles(["Files"], [shot])).toEqual([shot]);
    expect(pastedFiles(["text/html", "Files"], [shot])).toEqual([shot]);
    expect(pastedFiles(["text/plain", "text/html", "Files"], [shot])).toEqual([]);
    expect(pastedFiles(["text/plain"], [])).toEqual([]);
  });
});

describe("dragging files", () => {
  it("tells drags of files from drags of text", () => {
    expect(carriesFiles(["Files"])).toBe(true);
    expect(carriesFiles(["text/plain", "text/uri-list"])).toBe(false);
  });

  it("counts nested enter and leave events, so moving over a child does not hide the overlay", () => {
    let depth = 0;
    for (const event of ["enter", "enter", "leave"] as const) depth = dragDepth(depth, event);
    expect(depth).toBe(1);
    expect(dragDepth(dragDepth(depth, "leave"), "leave")).toBe(0);
    expect(dragDepth(3, "drop")).toBe(0);
  });
});

describe("file types", () => {
  it("names a type by what the server detected, then by the extension", () => {
    expect(fileTypeLabel("application/pdf", "scan")).toBe("PDF");
    expect(fileTypeLabel("image/png", "chart.jpg")).toBe("PNG");
    expect(fileTypeLabel("application/octet-stream", "config.yaml")).toBe("YAML");
    expect(fileTypeLabel("", "README")).toBe("File");
  });

  it("picks an icon by type", () => {
    expect(fileKind("image/webp")).toBe("image");
    expect(fileKind("text/csv")).toBe("document");
    expect(fileKind("application/pdf")).toBe("document");
    expect(fileKind("application/zip")).toBe("file");
  });
});

const attachment = (patch: Partial<Attachment>): Attachment => ({
  key: "k",
  file: null,
  name: "report.pdf",
  size: 1536,
  mimeType: "application/pdf",
  progress: 0,
  status: "uploading",
  cancel: () => {},
  remove: () => {},
  ...patch,
});
const chip = (item: FileDTO | Attachment, onRemove?: () => void) => renderToStaticMarkup(createElement(FileChip, { item, onRemove }));

describe("FileChip", () => {
  it("shows an upload's progress with a button to cancel it", () => {
    const html = chip(attachment({ progress: 0.426 }), () => {});
    expect(html).toContain('role="progressbar" aria-label="Uploading report.pdf" aria-valuemin="0" aria-valuemax="100" aria-valuenow="43"');
    expect(html).toContain('aria-label="Cancel upload of report.pdf"');
    expect(html).not.toContain("Remove report.pdf");
    expect(html).toContain("1.5 KB · PDF");
  });

  it("shows a failure as an alert, with Remove", () => {
    const html = chip(attachment({ status: "failed", error: "report.pdf is not a PDF (it looks like a program)." }), () => {});
    expect(html).toMatch(/role="alert"[^>]*>report\.pdf is not a PDF \(it looks like a program\)\.</);
    expect(html).toContain('aria-label="Remove report.pdf"');
    expect(html).not.toContain("progressbar");
  });

  it("shows an uploaded picture as a thumbnail, and a name as text however it looks", () => {
    const name = '<img src=x onerror="alert(1)">.png';
    const html = chip(attachment({ status: "done", progress: 1, name, mimeType: "image/png", result: dto("f9", name, "image/png") }));
    expect(html).toContain('<img src="/api/files/f9?inline=1" alt="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.png"');
    expect(html).not.toContain("<img src=x");
    // Nothing to remove it with when the caller offers no way.
    expect(html).not.toContain("<button");
  });

  it("shows a stored file", () => {
    const html = chip(dto("f2", "notes.pdf"), () => {});
    expect(html).toContain('title="notes.pdf"');
    expect(html).toContain('aria-label="Remove notes.pdf"');
  });
});

describe("MessageFiles", () => {
  it("previews pictures and offers every file as a download", () => {
    const html = renderToStaticMarkup(createElement(MessageFiles, { files: [dto("f1", "report.pdf"), dto("f2", "chart.png", "image/png")] }));
    expect(html).toContain('<a href="/api/files/f2?inline=1" target="_blank" rel="noopener"');
    expect(html).toContain('alt="chart.png"');
    expect(html).toMatch(/<a href="\/api\/files\/f1" download="" aria-label="Download report\.pdf"/);
    expect(html).toMatch(/<a href="\/api\/files\/f2" download="" aria-label="Download chart\.png"/);
    expect(html).not.toContain('alt="report.pdf"');
  });
});

describe("a file whose text cannot be read", () => {
  const reason = "Reading its text took longer than 20 s, so it was stopped.";
  const unread = { ...dto("f3", "scan.pdf"), textError: reason };

  it("says so, with the reason, on its chip", () => {
    expect(chip(unread, () => {})).toContain(`Text not available to assistants: ${reason}`);
    expect(chip(attachment({ status: "done", progress: 1, result: unread }))).toContain(`Text not available to assistants: ${reason}`);
    expect(chip(dto("f4", "notes.pdf"))).not.toContain("Text not available");
  });

  it("says so beside its download in the message", () => {
    const html = renderToStaticMarkup(createElement(MessageFiles, { files: [unread] }));
    expect(html).toContain(`title="scan.pdf\n${`Text not available to assistants: ${reason}`}"`);
    expect(html).toMatch(/PDF · text not available<span class="sr-only">: Reading its text took longer than 20 s, so it was stopped\.<\/span>/);
  });
});
