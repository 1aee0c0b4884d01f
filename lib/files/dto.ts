// Types and pure helpers only: shared by the server and the browser.
export type FileDTO = {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  isImage: boolean;
  url: string;
  /** Why the models cannot read this file's text; absent when they can, or when it has none (images). */
  textError?: string;
};

/** The columns toFileDTO reads (a Prisma select). */
export const FILE_DTO_SELECT = { id: true, name: true, size: true, mimeType: true, textError: true } as const;

export const FILE_MAX_BYTES_DEFAULT = 20 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export function toFileDTO({ textError, ...file }: { id: string; name: string; size: number; mimeType: string; textError?: string | null }): FileDTO {
  return { ...file, isImage: IMAGE_TYPES.has(file.mimeType), url: `/api/files/${file.id}`, ...(textError ? { textError } : {}) };
}
