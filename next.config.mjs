/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time, not bundled: PGlite reads its WASM and extension files
  // from its package folder. (pdf-parse and mammoth are not in the server at all: only
  // lib/files/text-extractor.mjs uses them, in a child process that Node runs as it is.)
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    // One copy per process: the limiters are shared by every bundle layer (see lib/ratelimit).
    "rate-limiter-flexible",
    "ioredis",
  ],
  images: { unoptimized: true },
  poweredByHeader: false,
  // On every response, pages, API and files alike. The pages' Content-Security-Policy, which
  // needs a nonce per response, is set in proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Links to other sites do not reveal thread addresses; same-origin requests keep theirs.
          { key: "Referrer-Policy", value: "same-origin" },
          // For browsers without CSP's frame-ancestors.
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
