import fs from "node:fs";

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Calls `onRecord` with the raw bytes of every CSV record (header first), line terminator removed,
 * honouring quoted fields that contain newlines. Used to copy input records verbatim into an output
 * file (pushlab predict), after the loader has validated them.
 *
 * `file` is a path, or a descriptor already open (read from its start, left open): `pushlab predict`
 * copies from the very descriptor it scored, so a file replaced meanwhile cannot pair new records
 * with old probabilities.
 */
export function forEachRecord(file: string | number, onRecord: (bytes: Uint8Array, start: number, end: number) => void, chunkBytes = 4 << 20): void {
  const fd = typeof file === "number" ? file : fs.openSync(file, "r");
  let position = 0;
  try {
    let buffer = new Uint8Array(chunkBytes);
    let filled = 0;
    let eof = false;
    let first = true;
    for (;;) {
      if (!eof) {
        if (filled === buffer.length) {
          const bigger = new Uint8Array(buffer.length * 2);
          bigger.set(buffer);
          buffer = bigger;
        }
        const n = fs.readSync(fd, buffer, filled, buffer.length - filled, position);
        position += n;
        if (n === 0) eof = true;
        filled += n;
      }
      let start = 0;
      if (first) {
        if (filled < 3 && !eof) continue; // a byte-order mark is told only from its three bytes
        if (filled >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
        first = false;
      }
      let inQuotes = false;
      let pos = start;
      let recordStart = start;
      for (; pos < filled; pos++) {
        const c = buffer[pos];
        if (c === QUOTE) inQuotes = !inQuotes; // "" toggles twice: still right
        else if (c === LF && !inQuotes) {
          const end = pos > recordStart && buffer[pos - 1] === CR ? pos - 1 : pos;
          onRecord(buffer, recordStart, end);
          recordStart = pos + 1;
        }
      }
      if (eof) {
        if (recordStart < filled) onRecord(buffer, recordStart, filled > recordStart && buffer[filled - 1] === CR ? filled - 1 : filled);
        return;
      }
      // Keep the incomplete record for the next read.
      buffer.copyWithin(0, recordStart, filled);
      filled -= recordStart;
    }
  } finally {
    if (typeof file !== "number") fs.closeSync(fd);
  }
}
