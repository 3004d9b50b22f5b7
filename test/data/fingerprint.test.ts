import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contentFingerprint,
  contentHasher,
  describeSource,
  descriptorIdentity,
  fileIdentity,
  fingerprintMemoPath,
  rememberFingerprint,
  statSource,
} from "../../lib/data/fingerprint";

// Expected digests computed independently with Python:
//   hashlib.sha256(b"pushlab-content-sha256-v1\n" + content).hexdigest()[:16]
const DIGEST = {
  empty: "3971abb4c54a7154",
  abc: "9d7dab9e0e0f393e",
  csv: "638808f5025c225b", // b"a,b\n1,2\n"
  fiveMiB: "12a666a7c326e88e", // b"x" * (5 * 1024 * 1024): more than one 4 MiB read
};

let dir = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-fingerprint-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let serial = 0;
/** A new file (a path this process has never fingerprinted). */
function file(content: string | Buffer): string {
  const p = path.join(dir, `f${serial++}.csv`);
  fs.writeFileSync(p, content);
  return p;
}

describe("contentHasher", () => {
  it("is a prefixed SHA-256 truncated to 16 hex digits", () => {
    const h = contentHasher();
    h.update(Buffer.from("abc"));
    expect(h.digest()).toBe(DIGEST.abc);
    expect(contentHasher().digest()).toBe(DIGEST.empty);
  });

  it("gives the same digest however the bytes are split", () => {
    const h = contentHasher();
    for (const part of ["a", ",b\n1", ",2\n"]) h.update(Buffer.from(part));
    expect(h.digest()).toBe(DIGEST.csv);
  });
});

describe("contentFingerprint", () => {
  it("hashes every byte, across several reads", () => {
    expect(contentFingerprint(file("a,b\n1,2\n"))).toBe(DIGEST.csv);
    expect(contentFingerprint(file(""))).toBe(DIGEST.empty);
    expect(contentFingerprint(file(Buffer.alloc(5 * 1024 * 1024, "x")))).toBe(DIGEST.fiveMiB);
  });

  it("is path-independent: a copy has the same fingerprint", () => {
    const original = file("a,b\n1,2\n");
    const copy = path.join(dir, "copy-of-it.csv");
    fs.copyFileSync(original, copy);
    expect(contentFingerprint(copy)).toBe(contentFingerprint(original));
  });

  it("changes with an edit that keeps the size, even when the mtime is put back", () => {
    const p = file("a,b\n1,2\n");
    const before = contentFingerprint(p); // now remembered in this process
    const { atime, mtime } = fs.statSync(p);
    fs.writeFileSync(p, "a,b\n1,3\n");
    fs.utimesSync(p, atime, mtime);
    const after = contentFingerprint(p);
    expect(after).not.toBe(before);
    expect(after).toBe(contentFingerprint(file("a,b\n1,3\n")));
  });

  it("uses a memo in the cache dir while the file's identity is unchanged, and hashes again otherwise", () => {
    const cacheDir = path.join(dir, "cache");
    fs.mkdirSync(cacheDir, { recursive: true });
    const p = file("a,b\n1,2\n");
    const source = statSource(p);
    // A memo for this very identity is trusted without reading the file (the value proves it was used).
    rememberFingerprint(cacheDir, { ...source, fingerprint: "memo-fingerprint" });
    expect(contentFingerprint(p, cacheDir)).toBe("memo-fingerprint");

    const q = file("a,b\n1,2\n");
    rememberFingerprint(cacheDir, { ...statSource(q), identity: "0:0:0:0:0", fingerprint: "stale" });
    expect(contentFingerprint(q, cacheDir)).toBe(DIGEST.csv); // another identity: hashed

    const r = file("a,b\n1,2\n");
    fs.writeFileSync(fingerprintMemoPath(cacheDir, statSource(r)), '{"identity": '); // torn memo
    expect(contentFingerprint(r, cacheDir)).toBe(DIGEST.csv);
  });
});

describe("rememberFingerprint and fingerprintMemoPath", () => {
  it("writes nothing for a source that has no fingerprint or identity yet", () => {
    const cacheDir = path.join(dir, "empty-cache");
    fs.mkdirSync(cacheDir);
    const source = statSource(file("x"));
    rememberFingerprint(cacheDir, source); // fingerprint ""
    rememberFingerprint(cacheDir, { ...source, fingerprint: "abc", identity: undefined });
    expect(fs.readdirSync(cacheDir)).toEqual([]);
    rememberFingerprint(cacheDir, { ...source, fingerprint: "abc" });
    expect(JSON.parse(fs.readFileSync(fingerprintMemoPath(cacheDir, source), "utf8"))).toEqual({ path: source.path, identity: source.identity, fingerprint: "abc" });
  });

  it("keys the memo by path, inside the cache dir", () => {
    const a = fingerprintMemoPath("/cache", { path: "/data/a.csv" });
    expect(path.dirname(a)).toBe("/cache");
    expect(path.basename(a)).toMatch(/^frame-[0-9a-f]{20}\.source\.json$/);
    expect(fingerprintMemoPath("/cache", { path: "/data/a.csv" })).toBe(a);
    expect(fingerprintMemoPath("/cache", { path: "/data/b.csv" })).not.toBe(a);
  });
});

describe("statSource, fileIdentity and describeSource", () => {
  it("describes a file without reading it: absolute path, size, mtime, identity, no fingerprint", () => {
    const p = file("12345");
    const relative = path.relative(process.cwd(), p);
    const source = statSource(relative);
    const stat = fs.statSync(p, { bigint: true });
    expect(source).toEqual({ path: p, size: 5, mtimeMs: Number(stat.mtimeMs), fingerprint: "", identity: `${stat.dev}:${stat.ino}:5:${stat.mtimeNs}:${stat.ctimeNs}` });
    expect(fileIdentity(stat)).toBe(source.identity);
    const fd = fs.openSync(p, "r");
    try {
      expect(descriptorIdentity(fd)).toBe(source.identity);
    } finally {
      fs.closeSync(fd);
    }
  });

  it("gives a copy another identity (a new inode) but the same fingerprint", () => {
    const p = file("a,b\n1,2\n");
    const copy = `${p}.copy`;
    fs.copyFileSync(p, copy);
    expect(statSource(copy).identity).not.toBe(statSource(p).identity);
    expect(describeSource(copy).fingerprint).toBe(DIGEST.csv);
    expect(describeSource(p)).toEqual({ ...statSource(p), fingerprint: DIGEST.csv });
  });

  it("throws for a missing file", () => {
    expect(() => statSource(path.join(dir, "missing.csv"))).toThrow(/ENOENT/);
    expect(() => contentFingerprint(path.join(dir, "missing.csv"))).toThrow(/ENOENT/);
  });
});
