import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { adminToken, checkToken, createSession, ForbiddenError, parseSession, SESSION_MAX_AGE_SECONDS, verifySession } from "../../lib/auth/session";

const TOKEN = "s3cret-admin-token";
const NOW = Date.UTC(2026, 0, 1, 12);

describe("adminToken", () => {
  it("is the environment's token, null when unset or empty (open local mode)", () => {
    expect(adminToken({ PUSHLAB_ADMIN_TOKEN: "abc" } as unknown as NodeJS.ProcessEnv)).toBe("abc");
    expect(adminToken({ PUSHLAB_ADMIN_TOKEN: "" } as unknown as NodeJS.ProcessEnv)).toBeNull();
    expect(adminToken({} as unknown as NodeJS.ProcessEnv)).toBeNull();
  });
});

describe("checkToken", () => {
  it("accepts the token only, as a string", () => {
    expect(checkToken(TOKEN, TOKEN)).toBe(true);
    for (const wrong of [`${TOKEN} `, TOKEN.slice(1), "", null, 42, [TOKEN]]) expect(checkToken(wrong, TOKEN)).toBe(false);
  });
});

describe("sessions", () => {
  it("are issued at the time given, with an HMAC of issue time and id keyed by the token", () => {
    const cookie = createSession(TOKEN, NOW);
    const [issuedAt, id, mac] = cookie.split(".");
    expect(Number(issuedAt)).toBe(NOW / 1000);
    expect(mac).toBe(crypto.createHmac("sha256", TOKEN).update(`pushlab-session:${issuedAt}:${id}`).digest("base64url"));
    expect(parseSession(cookie, TOKEN, NOW)).toEqual({ sessionId: id, expiresAt: NOW / 1000 + SESSION_MAX_AGE_SECONDS });
    expect(createSession(TOKEN, NOW)).not.toBe(cookie);
  });

  it("last 12 hours, and a cookie from more than a minute in the future is refused", () => {
    const cookie = createSession(TOKEN, NOW);
    expect(SESSION_MAX_AGE_SECONDS).toBe(43_200);
    expect(verifySession(cookie, TOKEN, NOW + 43_200_000)).toBe(true);
    expect(verifySession(cookie, TOKEN, NOW + 43_201_000)).toBe(false);
    expect(verifySession(cookie, TOKEN, NOW - 60_000)).toBe(true);
    expect(verifySession(cookie, TOKEN, NOW - 61_000)).toBe(false);
  });

  it("cannot be forged: another token, a changed issue time or id, or a malformed cookie is no session", () => {
    const cookie = createSession(TOKEN, NOW);
    const [issuedAt, id, mac] = cookie.split(".");
    expect(verifySession(cookie, "another-token", NOW)).toBe(false);
    expect(verifySession(`${Number(issuedAt) + 1}.${id}.${mac}`, TOKEN, NOW)).toBe(false);
    expect(verifySession(`${issuedAt}.${id.slice(1)}A.${mac}`, TOKEN, NOW)).toBe(false);
    for (const bad of [undefined, 7, "", `${issuedAt}.${id}`, `${cookie}.x`, `x${cookie}`]) expect(verifySession(bad, TOKEN, NOW)).toBe(false);
  });

  it("end when revoked", () => {
    const cookie = createSession(TOKEN, NOW);
    const id = cookie.split(".")[1];
    expect(verifySession(cookie, TOKEN, NOW, (s) => s === id)).toBe(false);
    expect(verifySession(cookie, TOKEN, NOW, () => false)).toBe(true);
  });
});

describe("ForbiddenError", () => {
  it("says how to get the right", () => {
    expect(new ForbiddenError()).toMatchObject({ name: "ForbiddenError", message: "sign in as admin to change anything (PUSHLAB_ADMIN_TOKEN is set)" });
  });
});
