// Browser only: XMLHttpRequest, and addresses relative to the page.
import { FILE_MAX_BYTES_DEFAULT, type FileDTO } from "@/lib/files/dto";

const UPLOAD_CANCELLED = "Upload cancelled.";

/**
 * Said at once for a file over the default limit, to spare sending it. The server may be set to a
 * lower limit and checks every upload itself.
 */
export function tooLargeMessage(name: string): string {
  return `${name} is larger than ${FILE_MAX_BYTES_DEFAULT / 1024 / 1024} MB.`;
}

/** What an answer of `POST /api/files` means: the stored file, or the error to show. */
export function readUploadResponse(status: number, body: string): { ok: true; file: FileDTO } | { ok: false; error: string } {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(body);
  } catch {}
  const fields = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  if (status >= 200 && status < 300 && typeof fields.id === "string" && typeof fields.url === "string") return { ok: true, file: parsed as FileDTO };
  // A proxy in front of the app may answer with an HTML page: then only the status can be shown.
  return { ok: false, error: typeof fields.error === "string" && fields.error ? fields.error : `Upload failed (HTTP ${status}).` };
}

/**
 * Uploads one file as the raw request body. XMLHttpRequest rather than fetch: only it reports the
 * progress of an upload. Rejects with an Error whose message can be shown as it is.
 */
export function uploadFile(file: File, { onProgress, signal }: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): Promise<FileDTO> {
  if (file.size > FILE_MAX_BYTES_DEFAULT) return Promise.reject(new Error(tooLargeMessage(file.name)));
  if (signal?.aborted) return Promise.reject(new Error(UPLOAD_CANCELLED));
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const abort = () => request.abort();
    request.open("POST", "/api/files");
    // Header values must be ASCII; the server decodes the name.
    request.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      const outcome = readUploadResponse(request.status, request.responseText);
      if (outcome.ok) resolve(outcome.file);
      else reject(new Error(outcome.error));
    };
    request.onerror = () => reject(new Error("Upload failed: the server could not be reached."));
    request.onabort = () => reject(new Error(UPLOAD_CANCELLED));
    request.onloadend = () => signal?.removeEventListener("abort", abort);
    signal?.addEventListener("abort", abort, { once: true });
    request.send(file);
  });
}
