import "server-only";

const MAX_NAME_LENGTH = 200;
// Control characters, and the bidirectional marks that can make "exe.pdf" read as "fdp.exe".
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** A display name safe to show and to put in a header: the last path segment, printable, at most 200 characters. */
export function sanitizeFileName(raw: string): string {
  const base = (raw.split(/[/\\]/).pop() ?? "").replace(/\s/g, " ").replace(INVISIBLE, "").replace(/ +/g, " ").trim();
  if (/^\.*$/.test(base)) return "file";
  const characters = Array.from(base);
  if (characters.length <= MAX_NAME_LENGTH) return base;
  // Keep the extension: it says what the file is.
  const extension = /\.[^.\s]{1,16}$/.exec(base)?.[0] ?? "";
  return characters.slice(0, MAX_NAME_LENGTH - Array.from(extension).length).join("").trimEnd() + extension;
}
