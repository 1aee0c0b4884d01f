import { z } from "zod";

const INT4_MAX = 2 ** 31 - 1;

/** A sequence number from a query string or header: an integer in PostgreSQL's int4 range, at least `min`. */
export function sequenceNumber(min: number, name: string) {
  return z
    .string()
    .regex(/^\d{1,10}$/, `\`${name}\` must be a whole number.`)
    .transform(Number)
    .refine((value) => value >= min && value <= INT4_MAX, `\`${name}\` must be between ${min} and ${INT4_MAX}.`);
}
