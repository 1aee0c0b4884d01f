import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import {
  DriverAdapterError,
  isDriverAdapterError,
  type Error as DriverError,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

type PostgresCause = Extract<DriverError, { kind: "postgres" }>;

function fieldsOf(detail: string | undefined): { fields: string[] } | undefined {
  const fields = detail?.match(/Key \(([^)]+)\)/)?.[1]?.split(", ");
  return fields ? { fields } : undefined;
}

/** The same mapping @prisma/adapter-pg applies, so that each error has one meaning on both databases. */
function mapPostgresError(cause: PostgresCause): DriverError {
  const original = { originalCode: cause.code, originalMessage: cause.message };
  switch (cause.code) {
    case "23505":
      return { ...original, kind: "UniqueConstraintViolation", constraint: fieldsOf(cause.detail) };
    case "23502":
      return { ...original, kind: "NullConstraintViolation", constraint: fieldsOf(cause.detail) };
    case "23503":
      return { ...original, kind: "ForeignKeyConstraintViolation", constraint: fieldsOf(cause.detail) };
    case "40001":
      return { ...original, kind: "TransactionWriteConflict" };
    case "22001":
      return { ...original, kind: "LengthMismatch", column: cause.column };
    case "22003":
      return { ...original, kind: "ValueOutOfRange", cause: cause.message };
    default:
      return cause;
  }
}

function remap(error: unknown): unknown {
  // By name, not instanceof: the adapter package may hold its own copy of the error class.
  if (isDriverAdapterError(error) && error.cause.kind === "postgres") return new DriverAdapterError(mapPostgresError(error.cause));
  return error;
}

const QUERIES = new Set<PropertyKey>(["queryRaw", "executeRaw", "executeScript"]);

function withMappedErrors<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== "function") return value;
      if (property === "startTransaction") {
        return async (...args: unknown[]) => withMappedErrors(await value.apply(object, args));
      }
      if (QUERIES.has(property)) {
        return async (...args: unknown[]) => {
          try {
            return await value.apply(object, args);
          } catch (error) {
            throw remap(error);
          }
        };
      }
      return value.bind(object);
    },
  });
}

/**
 * pglite-prisma-adapter 0.6 passes PostgreSQL errors through raw, so a unique violation is not
 * Prisma's P2002 on PGlite as it is on PostgreSQL. This factory maps them the same way.
 */
export function pgliteAdapter(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPGlite(pglite);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withMappedErrors(await factory.connect()),
    connectToShadowDb: async () => withMappedErrors(await factory.connectToShadowDb()),
  };
}
