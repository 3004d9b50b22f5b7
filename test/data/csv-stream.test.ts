import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { loadFeatureFrameCsv, readFeatureFrameCsv, type FrameChunk } from "../../lib/data/csv-loader";
import { forEachRecord } from "../../lib/data/csv-records";
import { describeDataFile } from "../../lib/data/dataset";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-csv-stream-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The generated frame with an extra, quoted column holding commas, "" escapes and newlines on every third row, in CRLF. */
function quotedFrame(): string {
  const lines = generateFeatureFrameCsv({ orders: 4, seed: 5 }).trimEnd().split("\n");
  return `${lines.map((line, k) => `${line},${k === 0 ? "note" : k % 3 === 0 ? `"first line\nsecond, with ""quotes""\n"` : `plain ${k}`}`).join("\r\n")}\r\n`;
}

interface Collected {
  chunks: { rows: number; firstRow: number }[];
  numbers: Record<string, number[]>;
  categories: Record<string, string[]>;
  records: string[];
  header: string;
}

function stream(file: string, chunkRows: number, readBytes?: number): Collected & { rows: number } {
  const collected: Collected = { chunks: [], numbers: {}, categories: {}, records: [], header: "" };
  const onChunk = (chunk: FrameChunk) => {
    collected.chunks.push({ rows: chunk.frame.rowCount, firstRow: chunk.firstRow });
    for (const [name, values] of Object.entries(chunk.frame.numbers)) (collected.numbers[name] ??= []).push(...values);
    for (const [name, { codes, dictionary }] of Object.entries(chunk.frame.categories)) (collected.categories[name] ??= []).push(...Array.from(codes, (c) => dictionary[c]));
    let from = 0;
    for (const end of chunk.recordEnds) {
      collected.records.push(chunk.records.subarray(from, end).toString("utf8"));
      from = end;
    }
  };
  const read = readFeatureFrameCsv(file, describeDataFile(file), { readBytes, stream: { chunkRows, onChunk, onHeader: (h) => (collected.header = h.toString("utf8")) } });
  expect(Object.keys(read.frame.numbers)).toEqual([]); // a streamed read keeps no columns
  return { ...collected, rows: read.frame.rowCount };
}

describe("a streamed read", () => {
  const files = () => ({
    generated: writeTemp(dir, "generated.csv", generateFeatureFrameCsv({ orders: 4, seed: 9 })),
    quoted: writeTemp(dir, "quoted.csv", `\ufeff${quotedFrame()}`),
  });

  it("hands over the same rows, values and record bytes as a whole read, in chunks of at most chunkRows", () => {
    for (const file of Object.values(files())) {
      const whole = loadFeatureFrameCsv(file, describeDataFile(file));
      const records: string[] = [];
      forEachRecord(file, (bytes, start, end) => records.push(Buffer.from(bytes.subarray(start, end)).toString("utf8")));
      for (const chunkRows of [1, 2, 7, 1000, 1 << 16]) {
        for (const readBytes of [17, 333, undefined]) {
          const s = stream(file, chunkRows, readBytes);
          expect(s.rows).toBe(whole.rowCount);
          expect(s.chunks.every((c) => c.rows >= 1 && c.rows <= chunkRows)).toBe(true);
          expect(s.chunks.slice(0, -1).every((c) => c.rows === chunkRows)).toBe(true);
          expect(s.chunks.map((c) => c.firstRow)).toEqual(s.chunks.map((_, k) => k * chunkRows));
          for (const [name, values] of Object.entries(whole.numbers)) expect(s.numbers[name], `${name}, ${chunkRows} rows a chunk`).toEqual(Array.from(values));
          for (const [name, { codes, dictionary }] of Object.entries(whole.categories)) expect(s.categories[name]).toEqual(Array.from(codes, (c) => dictionary[c]));
          expect(s.header).toBe(records[0]);
          expect(s.records).toEqual(records.slice(1).filter((r) => r !== ""));
        }
      }
    }
  });

  it("keeps the quoted fields' newlines and escapes inside their record", () => {
    const s = stream(files().quoted, 1, 17);
    expect(s.records[2]).toMatch(/,"first line\nsecond, with ""quotes""\n"$/);
    expect(s.records.every((r) => !r.endsWith("\r"))).toBe(true);
  });

  it("throws a late record's error with its line after handing over the chunks before it", () => {
    const lines = generateFeatureFrameCsv({ orders: 4, seed: 9 }).split("\n");
    const k = lines.length - 3;
    lines[k] = lines[k].replace(/^(\d+),([a-z]+),\d+,/, "$1,$2,x13,");
    const file = writeTemp(dir, "late-error.csv", lines.join("\n"));
    let handed = 0;
    expect(() => readFeatureFrameCsv(file, describeDataFile(file), { stream: { chunkRows: 7, onChunk: (c) => (handed += c.frame.rowCount) } })).toThrow(
      new RegExp(`late-error\\.csv:${k + 1}:3: not a finite number \\(column 'order_id', value "x13"\\)`),
    );
    expect(handed).toBe(Math.floor((k - 1) / 7) * 7);
  });

  it("refuses a chunk size that is not a positive integer", () => {
    const file = files().generated;
    for (const chunkRows of [0, -1, 1.5, NaN]) expect(() => readFeatureFrameCsv(file, describeDataFile(file), { stream: { chunkRows, onChunk: () => {} } })).toThrow(RangeError);
  });
});
