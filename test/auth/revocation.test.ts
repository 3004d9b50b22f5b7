import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { isSessionRevoked, revokeSession } from "../../lib/auth/revocation";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = path.join(tempDir("pushlab-revocation-"), "auth");
afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));
const file = path.join(dir, "revoked-sessions.json");

describe("revoked sessions", () => {
  it("are none in a fresh workspace", () => {
    expect(isSessionRevoked(dir, "a")).toBe(false);
  });

  it("are kept on disk until their cookie would have expired, then pruned", async () => {
    const now = 1_000_000_000_000;
    await revokeSession(dir, "a", now / 1000 + 10, now);
    await revokeSession(dir, "b", now / 1000 + 100, now);
    expect(isSessionRevoked(dir, "a")).toBe(true);
    expect(isSessionRevoked(dir, "b")).toBe(true);
    expect(isSessionRevoked(dir, "c")).toBe(false);
    // 50 s later a's cookie has expired: the next revocation drops it.
    await revokeSession(dir, "c", now / 1000 + 200, now + 50_000);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ b: now / 1000 + 100, c: now / 1000 + 200 });
  });

  it("read a damaged file as no revocation, and the next sign-out rewrites it", async () => {
    fs.writeFileSync(file, "{not json");
    expect(isSessionRevoked(dir, "b")).toBe(false);
    fs.writeFileSync(file, JSON.stringify({ x: "not a time", y: 5 }));
    expect(isSessionRevoked(dir, "x")).toBe(false);
    expect(isSessionRevoked(dir, "y")).toBe(true);
    await revokeSession(dir, "z", 9_999_999_999, 0);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ y: 5, z: 9_999_999_999 });
  });

  it("survive concurrent sign-outs", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, k) => revokeSession(dir, `s${k}`, 9_999_999_999, 0)));
    for (let k = 0; k < 8; k++) expect(isSessionRevoked(dir, `s${k}`)).toBe(true);
  });
});
