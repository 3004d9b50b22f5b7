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

function mac(token: string, issuedAt: number): string {
  return crypto.createHmac("sha256", token).update(`pushlab-session:${issuedAt}`).digest("base64url");
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
  return `${issuedAt}.${mac(token, issuedAt)}`;
}

export function verifySession(value: unknown, token: string, now = Date.now()): boolean {
  if (typeof value !== "string") return false;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  const age = now / 1000 - issuedAt;
  if (age < -60 || age > SESSION_MAX_AGE_SECONDS) return false;
  return safeEqual(match[2], mac(token, issuedAt));
}

export class ForbiddenError extends Error {
  constructor(message = "sign in as admin to change anything (PUSHLAB_ADMIN_TOKEN is set)") {
    super(message);
    this.name = "ForbiddenError";
  }
}
