import "server-only";

// The kinds of file accepted, what each name extension claims, and the message for the rest.
export type Kind = "image" | "pdf" | "docx" | "text";
export type Claim = { kind: Kind; mimeType: string };

export const KIND_LABELS: Record<Kind, string> = { image: "an image", pdf: "a PDF", docx: "a Word document", text: "a text file" };
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const CODE_EXTENSIONS =
  "ts tsx js jsx mjs cjs py go rs java kt swift c cc cpp h hpp cs rb php pl lua r scala sh bash zsh ps1 yaml yml toml ini cfg conf env sql graphql html htm css scss less xml vue svelte log tsv";

// SVG is deliberately absent: it is markup that can carry scripts.
const EXTENSIONS = new Map<string, Claim>([
  ["png", { kind: "image", mimeType: "image/png" }],
  ["jpg", { kind: "image", mimeType: "image/jpeg" }],
  ["jpeg", { kind: "image", mimeType: "image/jpeg" }],
  ["gif", { kind: "image", mimeType: "image/gif" }],
  ["webp", { kind: "image", mimeType: "image/webp" }],
  ["pdf", { kind: "pdf", mimeType: "application/pdf" }],
  ["docx", { kind: "docx", mimeType: DOCX }],
  ["txt", { kind: "text", mimeType: "text/plain" }],
  ["md", { kind: "text", mimeType: "text/markdown" }],
  ["markdown", { kind: "text", mimeType: "text/markdown" }],
  ["csv", { kind: "text", mimeType: "text/csv" }],
  ["json", { kind: "text", mimeType: "application/json" }],
  // Code, HTML, CSS and XML as plain text, so that they are never served as markup.
  ...CODE_EXTENSIONS.split(" ").map((extension): [string, Claim] => [extension, { kind: "text", mimeType: "text/plain" }]),
]);

export const IMAGE_TYPES = new Set([...EXTENSIONS.values()].filter((claim) => claim.kind === "image").map((claim) => claim.mimeType));

export const NOT_ACCEPTED = "this type of file is not accepted. Allowed: images, PDF, Word (.docx) and text files.";

/** What the name says the file is; only a name without an extension falls back on the declared type. */
export function claimedType(name: string, declaredType: string): Claim | undefined {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension) return EXTENSIONS.get(extension);
  const declared = declaredType.split(";")[0]?.trim().toLowerCase();
  return [...EXTENSIONS.values()].find((claim) => claim.mimeType === declared);
}
