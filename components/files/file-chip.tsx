import { formatBytes, type FileDTO } from "@/lib/files/dto";
import type { Attachment } from "./use-attachments";

export type FileKind = "image" | "document" | "file";

const DOCUMENT_TYPES = new Set([
  "application/pdf",
  "application/json",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
]);

/** Pure: which icon a file gets. */
export function fileKind(mimeType: string): FileKind {
  if (mimeType.startsWith("image/")) return "image";
  if (mimeType.startsWith("text/") || DOCUMENT_TYPES.has(mimeType)) return "document";
  return "file";
}

const TYPE_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "application/json": "JSON",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
  "text/plain": "Text",
  "text/markdown": "Markdown",
  "text/csv": "CSV",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/gif": "GIF",
  "image/webp": "WebP",
};

/**
 * Pure: a short name for a file's type. The type the server detected comes first (the name's
 * extension may not tell the truth); the extension covers types without a short name.
 */
export function fileTypeLabel(mimeType: string, name: string): string {
  const known = TYPE_NAMES[mimeType];
  if (known) return known;
  const extension = /\.([a-z0-9]{1,6})$/i.exec(name)?.[1];
  return extension ? extension.toUpperCase() : "File";
}

// Heroicons (MIT), 20px solid: photo, document-text, document.
const ICON_PATHS: Record<FileKind, string> = {
  image:
    "M1 5.25A2.25 2.25 0 0 1 3.25 3h13.5A2.25 2.25 0 0 1 19 5.25v9.5A2.25 2.25 0 0 1 16.75 17H3.25A2.25 2.25 0 0 1 1 14.75v-9.5Zm1.5 5.81v3.69c0 .414.336.75.75.75h13.5a.75.75 0 0 0 .75-.75v-2.69l-2.22-2.219a.75.75 0 0 0-1.06 0l-1.91 1.909.47.47a.75.75 0 1 1-1.06 1.06L6.53 8.091a.75.75 0 0 0-1.06 0l-2.97 2.97ZM12 7a1 1 0 1 1-2 0 1 1 0 0 1 2 0Z",
  document:
    "M4.5 2A1.5 1.5 0 0 0 3 3.5v13A1.5 1.5 0 0 0 4.5 18h11a1.5 1.5 0 0 0 1.5-1.5V7.621a1.5 1.5 0 0 0-.44-1.06l-4.12-4.122A1.5 1.5 0 0 0 11.378 2H4.5Zm2.25 8.5a.75.75 0 0 0 0 1.5h6.5a.75.75 0 0 0 0-1.5h-6.5Zm0 3a.75.75 0 0 0 0 1.5h6.5a.75.75 0 0 0 0-1.5h-6.5Z",
  file: "M3 3.5A1.5 1.5 0 0 1 4.5 2h6.879a1.5 1.5 0 0 1 1.06.44l4.122 4.12A1.5 1.5 0 0 1 17 7.622V16.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 16.5v-13Z",
};

/** A file's icon; decorative, the name beside it says what it is. */
export function FileIcon({ mimeType, className = "h-5 w-5" }: { mimeType: string; className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className={`shrink-0 ${className}`}>
      <path fillRule="evenodd" clipRule="evenodd" d={ICON_PATHS[fileKind(mimeType)]} />
    </svg>
  );
}

/** Pure: what people are told about a file whose text the assistants cannot read. */
export function textNotAvailable(reason: string): string {
  return `Text not available to assistants: ${reason}`;
}

/**
 * A compact card for an uploaded file or one being attached: its upload's progress, failure or
 * cancellation, whether its text can be read, and a button to cancel or remove it.
 */
export function FileChip({ item, onRemove }: { item: FileDTO | Attachment; onRemove?: () => void }) {
  const attachment = "status" in item ? item : null;
  const status = attachment?.status ?? "done";
  const uploaded = "status" in item ? item.result : item;
  const percent = Math.round((attachment?.progress ?? 1) * 100);
  // One button whose job changes, so that keyboard focus stays on it when an upload ends.
  const action =
    status === "uploading" && attachment
      ? { label: `Cancel upload of ${item.name}`, run: attachment.cancel }
      : status !== "uploading" && onRemove
        ? { label: `Remove ${item.name}`, run: onRemove }
        : null;

  return (
    <div
      className={`flex w-64 max-w-full items-start gap-2 rounded-lg border bg-white p-2 text-xs shadow-sm dark:bg-zinc-900 ${
        status === "failed" ? "border-red-300 dark:border-red-800" : "border-zinc-200 dark:border-zinc-700"
      }`}
    >
      {status === "done" && uploaded?.isImage ? (
        // eslint-disable-next-line @next/next/no-img-element -- served by the app with the visitor's cookie; no optimiser
        <img src={`${uploaded.url}?inline=1`} alt={item.name} className="h-10 w-10 shrink-0 rounded object-cover" />
      ) : (
        <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
          <FileIcon mimeType={item.mimeType} />
        </span>
      )}
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-zinc-900 dark:text-zinc-100" title={item.name}>
          {item.name}
        </p>
        <p className="text-zinc-500 dark:text-zinc-400">
          {formatBytes(item.size)} · {fileTypeLabel(item.mimeType, item.name)}
        </p>
        {status === "uploading" ? (
          <div
            role="progressbar"
            aria-label={`Uploading ${item.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="mt-1 h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700"
          >
            <div className="h-full rounded-full bg-indigo-600 transition-[width] dark:bg-indigo-400" style={{ width: `${percent}%` }} />
          </div>
        ) : status === "failed" ? (
          <p role="alert" className="mt-1 break-words text-red-700 dark:text-red-300">
            {attachment?.error}
          </p>
        ) : status === "cancelled" ? (
          <p className="mt-1 text-zinc-500 dark:text-zinc-400">Upload cancelled.</p>
        ) : uploaded?.textError ? (
          <p className="mt-1 break-words text-amber-800 dark:text-amber-300">{textNotAvailable(uploaded.textError)}</p>
        ) : null}
      </div>
      {action ? (
        <button
          type="button"
          aria-label={action.label}
          title={action.label}
          onClick={action.run}
          className="flex h-6 w-6 shrink-0 items-center justify-center rounded text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
            <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
          </svg>
        </button>
      ) : null}
    </div>
  );
}
