/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time, not bundled: PGlite reads its WASM and extension files
  // from its package folder; pdf-parse starts pdf.js's worker and native canvas the same way.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    "pdf-parse",
    "pdfjs-dist",
    "@napi-rs/canvas",
    "mammoth",
  ],
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default nextConfig;
