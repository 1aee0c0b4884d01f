import { z } from "zod";

// Shared by the browser (live form checks) and the server: no server-only imports here.

// Every input schema imports this module. Zod compiles object parsers with `new Function` (and
// probes for it), which the pages' Content-Security-Policy refuses: parse without.
z.config({ jitless: true });

export const UNSTORABLE_TEXT = "This text contains characters that cannot be stored (NUL, or half of an emoji). Remove them and try again.";

// PostgreSQL refuses NUL in text and JSON, and a UTF-16 surrogate without its other half in JSON.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether every string in `value` (nested in arrays and objects, keys included) can be stored. */
export function isStorable(value: unknown): boolean {
  if (typeof value === "string") return !UNSTORABLE.test(value);
  if (Array.isArray(value)) return value.every(isStorable);
  if (typeof value === "object" && value !== null) return Object.entries(value).every(([key, item]) => isStorable(key) && isStorable(item));
  return true;
}

/** The schema, refusing values with unstorable text (for JSON fields such as a tool's parameters). */
export function storable<T extends z.ZodType>(schema: T): T {
  return schema.refine(isStorable, UNSTORABLE_TEXT);
}

/** A string the database can store: every text field of every input schema starts from this. */
export const text = () => storable(z.string());
