// Prisma's CLI here runs on its WASM schema engine (the native one cannot be downloaded), which
// wants a driver adapter. We use the CLI only to generate the client and to write new migrations
// (`npm run db:migration`, which diffs schemas and needs a scratch database: an in-memory PGlite
// unless DATABASE_URL names a PostgreSQL). The app applies migrations itself (lib/db/migrate.ts).
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { PrismaPGlite } from "pglite-prisma-adapter";

const url = process.env.DATABASE_URL;
// Prisma 6 needs a url to parse the schema even though the adapter is what connects.
process.env.DATABASE_URL ||= "postgresql://roundtable@localhost/roundtable";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => (url ? new PrismaPg({ connectionString: url }) : new PrismaPGlite(new PGlite())),
});
