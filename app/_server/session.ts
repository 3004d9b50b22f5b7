import "server-only";
import path from "node:path";
import { cookies } from "next/headers";
import { isSessionRevoked } from "@/lib/auth/revocation";
import { adminToken, ForbiddenError, SESSION_COOKIE, verifySession } from "@/lib/auth/session";
import { resolveWorkspace } from "@/lib/workspace";

/** Where signed-out session ids are kept (PUSHLAB_HOME/auth). */
export function authDir(): string {
  return path.join(resolveWorkspace().home, "auth");
}

/** "open" when no admin token is configured; otherwise whether this request carries an admin session. */
export async function accessMode(): Promise<{ open: boolean; admin: boolean }> {
  const token = adminToken();
  if (!token) return { open: true, admin: true };
  const jar = await cookies();
  const dir = authDir();
  return { open: false, admin: verifySession(jar.get(SESSION_COOKIE)?.value, token, Date.now(), (id) => isSessionRevoked(dir, id)) };
}

/** Throws unless the caller may mutate: every Server Action and mutating route calls this first. */
export async function requireAdmin(): Promise<string> {
  const mode = await accessMode();
  if (!mode.admin) throw new ForbiddenError();
  return mode.open ? "local" : "admin";
}
