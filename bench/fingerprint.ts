/**
 * What the full-content fingerprint costs (lib/data/fingerprint.ts): the loader hashes every chunk it
 * reads, so its added cost is the SHA-256 of the file's bytes, already in memory. Prints one JSON line:
 * a plain read of the file in 4 MiB chunks, the same read with SHA-256 (contentFingerprint's pass: the
 * stand-alone cost on a doubt), and one full parse (which includes the hash), page cache warm.
 *
 *   npx tsx bench/fingerprint.ts --file F
 */
import fs from "node:fs";
import { contentHasher, statSource } from "../lib/data/fingerprint";
import { loadFeatureFrameCsv } from "../lib/data/csv-loader";

const i = process.argv.indexOf("--file");
const file = i >= 0 ? process.argv[i + 1] : undefined;
if (!file) {
  process.stderr.write("usage: tsx bench/fingerprint.ts --file F\n");
  process.exit(2);
}

function pass(hash: boolean): number {
  const started = performance.now();
  const fd = fs.openSync(file!, "r");
  const buffer = Buffer.allocUnsafe(4 << 20);
  const hasher = hash ? contentHasher() : null;
  let position = 0;
  for (;;) {
    const n = fs.readSync(fd, buffer, 0, buffer.length, position);
    if (n === 0) break;
    hasher?.update(buffer.subarray(0, n));
    position += n;
  }
  hasher?.digest();
  fs.closeSync(fd);
  return (performance.now() - started) / 1000;
}

const best = (f: () => number, runs = 3) => Math.min(...Array.from({ length: runs }, f));
pass(false); // warm the page cache
const read = best(() => pass(false));
const readAndHash = best(() => pass(true));
const started = performance.now();
const frame = loadFeatureFrameCsv(file, statSource(file));
const parse = (performance.now() - started) / 1000;
const round = (s: number) => Number(s.toFixed(3));
process.stdout.write(
  `${JSON.stringify({ file, mb: Math.round(frame.source.size / 1e6), rows: frame.rowCount, readSeconds: round(read), readAndSha256Seconds: round(readAndHash), hashSeconds: round(readAndHash - read), parseWithHashSeconds: round(parse) })}\n`,
);
