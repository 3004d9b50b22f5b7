import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../fs-atomic";
import { withLock } from "../locking";

/*
 * Sessions ended by a sign-out: PUSHLAB_HOME/auth/revoked-sessions.json maps a session id to the time
 * its cookie would have expired anyway (after which the entry is dropped). On disk, so every server
 * process and a restart agree that a copied cookie is no session after its sign-out.
 */

const FILE = "revoked-sessions.json";

function read(dir: string): Map<string, number> {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dir, FILE), "utf8"));
    if (typeof json !== "object" || json === null) return new Map();
    return new Map(Object.entries(json).filter((e): e is [string, number] => typeof e[1] === "number"));
  } catch {
    return new Map();
  }
}

export function isSessionRevoked(dir: string, sessionId: string): boolean {
  return read(dir).has(sessionId);
}

/** Revokes a session until `expiresAt` (epoch seconds); expired entries are pruned on the way. */
export async function revokeSession(dir: string, sessionId: string, expiresAt: number, now = Date.now()): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await withLock(dir, () => {
    const revoked = read(dir);
    for (const [id, until] of revoked) if (until * 1000 < now) revoked.delete(id);
    revoked.set(sessionId, expiresAt);
    writeJsonAtomicSync(path.join(dir, FILE), Object.fromEntries(revoked));
  });
}
