import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * A worker thread running a TypeScript module (fits, path evaluation, predict slices), loaded through
 * tsx's loader as the CLI is, via the one plain-JavaScript entry worker-entry.mjs.
 */
export function startTypeScriptWorker(module: URL, options: WorkerOptions = {}): Worker {
  return new Worker(new URL("./worker-entry.mjs", import.meta.url), { ...options, argv: [module.href, ...(options.argv ?? [])] });
}
