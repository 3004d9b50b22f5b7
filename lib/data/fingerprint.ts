import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../fs-atomic";
import type { DataSource } from "./feature-frame";

/*
 * A data file's fingerprint is a SHA-256 of every byte of it: results, the frame cache and registry
 * versions are keyed by it, so an edit anywhere in the file (even one that keeps its size) makes them
 * stale. The loader computes it while parsing (it reads every byte anyway; cost in bench/README.md).
 * Before a file is read, its identity — device, inode, size, mtime and ctime in nanoseconds — says
 * whether a fingerprint computed earlier still holds: any change to the file, including an edit that
 * restores the mtime (which moves the ctime) or a copy (a new inode), is a doubt, and a doubt means
 * hashing the whole file again. The fingerprint is path-independent: a copy gives the same results.
 */

const FINGERPRINT_PREFIX = "pushlab-content-sha256-v1\n";
const HASH_CHUNK = 4 << 20;

/** The incremental hash the loader feeds with every byte it reads. */
export function contentHasher(): { update: (bytes: Uint8Array) => void; digest: () => string } {
  const hash = crypto.createHash("sha256").update(FINGERPRINT_PREFIX);
  return { update: (bytes) => hash.update(bytes), digest: () => hash.digest("hex").slice(0, 16) };
}

/** Device, inode, size, mtime and ctime (ns): equal identities mean the same unchanged file. */
export function fileIdentity(stat: fs.BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** Identity of an open descriptor (what a reader actually reads, whatever the path now points at). */
export function descriptorIdentity(fd: number): string {
  return fileIdentity(fs.fstatSync(fd, { bigint: true }));
}

/**
 * Size, mtime and identity of a data file, without reading it: `fingerprint` is "" until the loader
 * (or contentFingerprint) has read every byte.
 */
export function statSource(file: string): DataSource {
  const absolute = path.resolve(file);
  const stat = fs.statSync(absolute, { bigint: true });
  return { path: absolute, size: Number(stat.size), mtimeMs: Number(stat.mtimeMs), fingerprint: "", identity: fileIdentity(stat) };
}

/** Hashes every byte of an open file; throws when the file changes while it is read. */
function hashDescriptor(fd: number, file: string): string {
  const before = descriptorIdentity(fd);
  const hasher = contentHasher();
  const buffer = Buffer.allocUnsafe(HASH_CHUNK);
  let position = 0;
  for (;;) {
    const n = fs.readSync(fd, buffer, 0, buffer.length, position);
    if (n === 0) break;
    hasher.update(buffer.subarray(0, n));
    position += n;
  }
  if (descriptorIdentity(fd) !== before) throw new Error(`${file}: the file changed while it was read`);
  return hasher.digest();
}

/** Where a fingerprint computed for a file's identity is remembered (next to its frame cache). */
export function fingerprintMemoPath(cacheDir: string, source: Pick<DataSource, "path">): string {
  const key = crypto.createHash("sha256").update(JSON.stringify(["pushlab-source-memo-v1", source.path])).digest("hex").slice(0, 20);
  return path.join(cacheDir, `frame-${key}.source.json`);
}

/** Remembers the fingerprint the loader computed for this identity of the file. */
export function rememberFingerprint(cacheDir: string, source: DataSource): void {
  if (!source.fingerprint || !source.identity) return;
  writeJsonAtomicSync(fingerprintMemoPath(cacheDir, source), { path: source.path, identity: source.identity, fingerprint: source.fingerprint });
}

const remembered = new Map<string, { identity: string; fingerprint: string }>();

/**
 * The full-content fingerprint of a file: remembered (in this process, or in `cacheDir` from the
 * last parse) while the file's identity is unchanged, otherwise computed by reading every byte.
 */
export function contentFingerprint(file: string, cacheDir?: string): string {
  const source = statSource(file);
  const hit = remembered.get(source.path);
  if (hit && hit.identity === source.identity) return hit.fingerprint;
  if (cacheDir) {
    try {
      const memo = JSON.parse(fs.readFileSync(fingerprintMemoPath(cacheDir, source), "utf8"));
      if (memo && memo.identity === source.identity && typeof memo.fingerprint === "string") {
        remembered.set(source.path, { identity: source.identity!, fingerprint: memo.fingerprint });
        return memo.fingerprint;
      }
    } catch {
      // no memo, or a torn one: hash the file
    }
  }
  const fd = fs.openSync(source.path, "r");
  try {
    const identity = descriptorIdentity(fd);
    const fingerprint = hashDescriptor(fd, source.path);
    remembered.set(source.path, { identity, fingerprint });
    return fingerprint;
  } finally {
    fs.closeSync(fd);
  }
}

/** statSource plus the full-content fingerprint (reads the whole file). */
export function describeSource(file: string): DataSource {
  const source = statSource(file);
  return { ...source, fingerprint: contentFingerprint(source.path) };
}
