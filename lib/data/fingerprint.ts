import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "./feature-frame";

const HEAD_BYTES = 1 << 20;
const TAIL_BYTES = 64 << 10;

/**
 * Identity of a data file without reading all of it: size plus a SHA-256 of its first MiB and last
 * 64 KiB. Path and mtime are part of the cache key (frame-cache.ts) but not of the fingerprint, so a copy of
 * the same file gives the same experiment results.
 */
export function describeSource(file: string): DataSource {
  const absolute = path.resolve(file);
  const stat = fs.statSync(absolute);
  const hash = crypto.createHash("sha256");
  hash.update(`size:${stat.size}\n`);
  const fd = fs.openSync(absolute, "r");
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    fs.readSync(fd, head, 0, head.length, 0);
    hash.update(head);
    if (stat.size > HEAD_BYTES) {
      const tail = Buffer.alloc(Math.min(TAIL_BYTES, stat.size - HEAD_BYTES));
      fs.readSync(fd, tail, 0, tail.length, stat.size - tail.length);
      hash.update(tail);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { path: absolute, size: stat.size, mtimeMs: stat.mtimeMs, fingerprint: hash.digest("hex").slice(0, 16) };
}
