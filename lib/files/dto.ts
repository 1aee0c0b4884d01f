// Types and pure helpers only: shared by the server and the browser.
export type FileDTO = { id: string; name: string; size: number; mimeType: string; isImage: boolean; url: string };

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

export function toFileDTO(file: { id: string; name: string; size: number; mimeType: string }): FileDTO {
  return { ...file, isImage: IMAGE_TYPES.has(file.mimeType), url: `/api/files/${file.id}` };
}
