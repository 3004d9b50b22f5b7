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
    // Writes under the lock take milliseconds; a lock not refreshed for 4 s belongs to a dead process.
    stale: 4_000,
    update: 1_000,
    retries: { retries: 200, minTimeout: 20, maxTimeout: 250, factor: 1.3 },
  });
  try {
    return await work();
  } finally {
    await release();
  }
}
