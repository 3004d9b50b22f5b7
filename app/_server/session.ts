import "server-only";
import { cookies } from "next/headers";
import { adminToken, ForbiddenError, SESSION_COOKIE, verifySession } from "@/lib/auth/session";

/** "open" when no admin token is configured; otherwise whether this request carries an admin session. */
export async function accessMode(): Promise<{ open: boolean; admin: boolean }> {
  const token = adminToken();
  if (!token) return { open: true, admin: true };
  const jar = await cookies();
  return { open: false, admin: verifySession(jar.get(SESSION_COOKIE)?.value, token) };
}

/** Throws unless the caller may mutate: every Server Action and mutating route calls this first. */
export async function requireAdmin(): Promise<string> {
  const mode = await accessMode();
  if (!mode.admin) throw new ForbiddenError();
  return mode.open ? "local" : "admin";
}
