/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and extension bundles from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "pglite-prisma-adapter", "@node-rs/argon2"],
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default nextConfig;
