import path from "node:path";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The project root, so a stray lockfile in a parent folder is never taken for the workspace root.
  turbopack: { root: path.resolve(import.meta.dirname) },
  // lib/ reads files at request time; nothing under PUSHLAB_HOME is ever bundled or served statically.
  outputFileTracingExcludes: { "*": [".pushlab/**"] },
  poweredByHeader: false,
  // The build type-checks the app and the library; tests, benchmarks and the CLI are checked by
  // \`npm run typecheck\` (the root tsconfig), so a test being written never breaks a build.
  typescript: { tsconfigPath: "tsconfig.app.json" },
};

export default nextConfig;
