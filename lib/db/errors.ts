import "server-only";

/** Prisma's P2002: a unique constraint refused the write (both databases map it the same way). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}
