import "server-only";
import type { Env } from "../config";
import { DomainError } from "../errors";
import { FILE_MAX_BYTES_DEFAULT } from "./dto";

// How large an upload may be, and how long and with how much memory its text may be read.

export class FileTooLargeError extends DomainError {
  constructor(name: string, maxBytes: number) {
    super(`${name} is larger than ${formatLimit(maxBytes)}.`, 413);
  }
}

function positive(env: Env, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** FILE_MAX_BYTES, or 20 MiB. */
export function fileMaxBytes(env: Env = process.env): number {
  const value = positive(env, "FILE_MAX_BYTES", FILE_MAX_BYTES_DEFAULT);
  return Number.isSafeInteger(value) ? value : FILE_MAX_BYTES_DEFAULT;
}

export type ExtractionLimits = {
  /** FILE_EXTRACT_TIMEOUT_SECONDS (20): the reader is killed after this long. */
  timeoutMs: number;
  /** FILE_EXTRACT_MEMORY_MB (256): the reader's heap limit, and the resident memory at which it is killed. */
  memoryMb: number;
  /** FILE_EXTRACT_CONCURRENCY (2): readers running at once in this process; later uploads wait their turn. */
  concurrency: number;
};

export function extractionLimits(env: Env = process.env): ExtractionLimits {
  return {
    timeoutMs: positive(env, "FILE_EXTRACT_TIMEOUT_SECONDS", 20) * 1000,
    memoryMb: Math.max(64, Math.round(positive(env, "FILE_EXTRACT_MEMORY_MB", 256))),
    concurrency: Math.max(1, Math.floor(positive(env, "FILE_EXTRACT_CONCURRENCY", 2))),
  };
}

export function formatLimit(bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), "MB"] : bytes >= 1024 ? [bytes / 1024, "KB"] : [bytes, "bytes"];
  return `${Number(value.toFixed(1))} ${unit}`;
}
