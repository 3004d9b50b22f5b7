import path from "node:path";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The project root, so a stray lockfile in a parent folder is never taken for the workspace root.
  turbopack: { root: path.resolve(import.meta.dirname) },
  // lib/ reads files at request time; nothing under PUSHLAB_HOME is ever bundled or served statically.
  outputFileTracingExcludes: { "*": [".pushlab/**"] },
  poweredByHeader: false,
  // DuckDB (the Parquet reader) loads a native binding chosen by platform at run time; bundling it
  // fails on the other platforms' optional packages, so Node requires it from node_modules.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings"],
  // `pushlab serve` builds on a user's first start, where a type check only delays the first page
  // (it was 60% of the build: bench/README.md). Types are checked by `npm run typecheck` (the root
  // tsconfig: app, library, tests, benchmarks and CLI), which `npm test` runs first.
  typescript: { tsconfigPath: "tsconfig.app.json", ignoreBuildErrors: true },
};

export default nextConfig;
