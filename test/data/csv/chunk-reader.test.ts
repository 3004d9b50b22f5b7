import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ChunkReader, countRecordLines } from "../../../lib/data/csv/chunk-reader";
import { QuotedInputError } from "../../../lib/data/csv/quoted-input";

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function open(content: Buffer | string): number {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chunk-reader-"));
  const file = path.join(dir, "f.csv");
  fs.writeFileSync(file, content);
  return fs.openSync(file, "r");
}

describe("ChunkReader", () => {
  it("keeps the unconsumed tail at the front and grows when one record outgrows the buffer", () => {
    const size = (4 << 20) * 2 + 123; // more than two chunks, as one record
    const content = Buffer.alloc(size, 97);
    const fd = open(content);
    const seen: number[] = [];
    const hashed: number[] = [];
    const reader = new ChunkReader(fd, { hasher: { update: (b) => hashed.push(b.length) }, onProgress: (n) => seen.push(n), totalBytes: size }, true);
    reader.refill(0);
    while (!reader.eof) reader.refill(0); // keep everything: the buffer must double
    fs.closeSync(fd);
    expect(reader.filled).toBe(size);
    expect(reader.buffer.length).toBeGreaterThanOrEqual(size);
    expect(reader.bytesRead).toBe(size);
    expect(hashed.reduce((a, b) => a + b, 0)).toBe(size);
    expect(seen.at(-1)).toBe(size);
  });
  it("reads only its range after seekRange and refuses a quote once armed", () => {
    const fd = open("h\nabc\ndef\n\"x\"\n");
    const reader = new ChunkReader(fd, { hasher: null, totalBytes: 14 }, false);
    reader.refill(0);
    reader.seekRange(2, 10, false);
    expect(reader.buffer.subarray(0, reader.filled).toString()).toBe("abc\ndef\n");
    expect(() => reader.seekRange(2, 14, true)).toThrow(QuotedInputError);
    fs.closeSync(fd);
  });
});

describe("countRecordLines", () => {
  it("counts the line feeds after a position, plus a last line without one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-lines-"));
    try {
      const cases: [string, number, number][] = [
        ["h\na\nb\n", 2, 2], // after the header's LF at 1
        ["h\na\nb", 2, 2],
        ["h\n", 2, 0],
        ["h\na\n\nb\r\n", 2, 3], // a blank line counts (an upper bound)
        ['h\n"x\ny"\n', 2, 2], // so does a line feed inside quotes
      ];
      for (const [text, from, expected] of cases) {
        const file = path.join(dir, "f.csv");
        fs.writeFileSync(file, text);
        const fd = fs.openSync(file, "r");
        try {
          for (const readBytes of [1, 3, 1 << 20]) expect(countRecordLines(fd, from, text.length, readBytes), JSON.stringify(text)).toBe(expected);
        } finally {
          fs.closeSync(fd);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
