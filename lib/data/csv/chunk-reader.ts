import fs from "node:fs";
import { QuotedInputError } from "./quoted-input";

const QUOTE = 34;
const CHUNK_BYTES = 4 << 20;

/** What every read byte is also given to: the content hash (fingerprint.ts) and the progress bar. */
export interface ChunkReaderOptions {
  hasher: { update: (bytes: Uint8Array) => void } | null;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  totalBytes: number;
}

/**
 * The CSV reader's buffer: a window on the open file, refilled in 4 MiB chunks, keeping the unconsumed
 * tail of the last record at its front (and doubling when one record is larger than the buffer).
 * The reader's record loop copies `buffer`, `filled` and `eof` into locals once per record: reading
 * fields of another object (or a closure's variables) from the hot loop made parsing ≈ 5× slower.
 */
export class ChunkReader {
  buffer: Buffer;
  /** Bytes of `buffer` holding data. */
  filled = 0;
  bytesRead = 0;
  eof = false;
  filePosition = 0;
  /** The end of the byte range read (a slice of a parallel read), Infinity for the whole file. */
  readEnd = Infinity;
  /** Throw QuotedInputError on a `"` in what is read next (refuseQuotes, armed after the header). */
  checkQuotes = false;
  /** A range read reports progress in bytes of its range, from its start (not the header read before it). */
  reportProgress: boolean;

  constructor(
    private readonly fd: number,
    private readonly options: ChunkReaderOptions,
    reportProgress: boolean,
    readBytes = CHUNK_BYTES,
  ) {
    this.reportProgress = reportProgress;
    this.buffer = Buffer.allocUnsafe(readBytes);
  }

  /** Moves the bytes from `keepFrom` to the front and reads more after them (at most `maxRead`); returns `keepFrom`. */
  refill(keepFrom: number, maxRead = Infinity): number {
    const keep = this.filled - keepFrom;
    if (keep > 0 && keepFrom > 0) this.buffer.copyWithin(0, keepFrom, this.filled);
    if (keep === this.buffer.length) {
      const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(bigger);
      this.buffer = bigger;
    }
    this.filled = keep;
    const want = Math.min(this.buffer.length - this.filled, this.readEnd - this.filePosition, maxRead);
    const n = want > 0 ? fs.readSync(this.fd, this.buffer, this.filled, want, this.filePosition) : 0;
    if (n === 0) this.eof = true;
    const fresh = this.buffer.subarray(this.filled, this.filled + n);
    if (this.checkQuotes && n > 0 && fresh.indexOf(QUOTE) !== -1) throw new QuotedInputError();
    if (this.options.hasher && n > 0) this.options.hasher.update(fresh);
    this.filePosition += n;
    this.filled += n;
    this.bytesRead += n;
    if (this.reportProgress) this.options.onProgress?.(this.bytesRead, this.options.totalBytes);
    return keepFrom;
  }

  /** Drops what was read and reads the byte range [start, end) instead (the header came before it). */
  seekRange(start: number, end: number, refuseQuotes: boolean): void {
    this.readEnd = end;
    this.filePosition = start;
    this.filled = 0;
    this.bytesRead = 0;
    this.reportProgress = true;
    this.eof = false;
    this.checkQuotes = refuseQuotes;
    this.refill(0);
  }
}

/**
 * Rows a read of the file can hold at most: the line feeds after byte `from` (the header's own),
 * plus one when the file does not end in one. The number of records unless a quoted field spans
 * lines or a line is blank, so the narrow column builders can be allocated exact-size: one pass of
 * positional reads (its cost: bench/README.md, "Scale") instead of growing and
 * copying every column.
 */
export function countRecordLines(fd: number, from: number, totalBytes: number, readBytes = CHUNK_BYTES): number {
  const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(readBytes, totalBytes - from)));
  let position = from;
  let lines = 0;
  let last = -1;
  while (position < totalBytes) {
    const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, totalBytes - position), position);
    if (n === 0) break;
    const view = n === buffer.length ? buffer : buffer.subarray(0, n);
    for (let p = view.indexOf(10); p !== -1; p = view.indexOf(10, p + 1)) lines++;
    last = view[n - 1];
    position += n;
  }
  return position > from && last !== 10 ? lines + 1 : lines;
}

/** Up to `length` bytes of the file at `position` (fewer at its end). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}
