import fs from "node:fs";
import lockfile from "proper-lockfile";

/**
 * Serializes writers across processes (the app, the CLI, a second browser) with proper-lockfile: a
 * lock directory next to the target, refreshed while held and considered stale when its holder dies.
 */
export async function withLock<T>(target: string, work: () => Promise<T> | T): Promise<T> {
  fs.mkdirSync(target, { recursive: true });
  const release = await lockfile.lock(target, {
    lockfilePath: `${target}/.lock`,
    stale: 10_000,
    update: 2_000,
    retries: { retries: 200, minTimeout: 20, maxTimeout: 250, factor: 1.3 },
  });
  try {
    return await work();
  } finally {
    await release();
  }
}
