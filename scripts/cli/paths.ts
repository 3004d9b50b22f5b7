import path from "node:path";

/** The pushlab checkout the CLI runs from (for experiments/, node_modules/.bin/next, .next/). */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
