import crypto from "node:crypto";

/**
 * Who may change things. Reading is open to everyone (sales stakeholders); mutations (select a model,
 * activate a version, run experiments, keep a threshold) need an admin session when
 * PUSHLAB_ADMIN_TOKEN is set. Without it pushlab runs in "open local mode". The session cookie holds
 * an issue time and an HMAC of it keyed by the token, so it cannot be forged without the token and
 * all sessions end when the token changes.
 */

export const SESSION_COOKIE = "pushlab_session";
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;

export function adminToken(env: NodeJS.ProcessEnv = process.env): string | null {
  const token = env.PUSHLAB_ADMIN_TOKEN;
  return token && token.length > 0 ? token : null;
}

function mac(token: string, issuedAt: number, sessionId: string): string {
  return crypto.createHmac("sha256", token).update(`pushlab-session:${issuedAt}:${sessionId}`).digest("base64url");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** True when `candidate` is the admin token (constant-time). */
export function checkToken(candidate: unknown, token: string): boolean {
  return typeof candidate === "string" && safeEqual(crypto.createHash("sha256").update(candidate).digest("hex"), crypto.createHash("sha256").update(token).digest("hex"));
}

export function createSession(token: string, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  const sessionId = crypto.randomBytes(16).toString("base64url");
  return `${issuedAt}.${sessionId}.${mac(token, issuedAt, sessionId)}`;
}

/** A genuine, unexpired session cookie's id and expiry (epoch seconds), or null. */
export function parseSession(value: unknown, token: string, now = Date.now()): { sessionId: string; expiresAt: number } | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return null;
  const issuedAt = Number(match[1]);
  const age = now / 1000 - issuedAt;
  if (age < -60 || age > SESSION_MAX_AGE_SECONDS) return null;
  if (!safeEqual(match[3], mac(token, issuedAt, match[2]))) return null;
  return { sessionId: match[2], expiresAt: issuedAt + SESSION_MAX_AGE_SECONDS };
}

/** Whether the cookie is a session: genuine, unexpired and (when `isRevoked` is given) not signed out. */
export function verifySession(value: unknown, token: string, now = Date.now(), isRevoked?: (sessionId: string) => boolean): boolean {
  const session = parseSession(value, token, now);
  return session !== null && !(isRevoked?.(session.sessionId) ?? false);
}

export class ForbiddenError extends Error {
  constructor(message = "sign in as admin to change anything (PUSHLAB_ADMIN_TOKEN is set)") {
    super(message);
    this.name = "ForbiddenError";
  }
}
