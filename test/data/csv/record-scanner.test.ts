import { describe, expect, it } from "vitest";
import {
  S_BAD_QUOTE, S_COMPLETE, S_ESCAPED, S_FIELD, S_IN_QUOTES, S_NEWLINES, S_OVERFLOW, S_QUOTED, S_SCAN, S_START, scanRecord,
} from "../../../lib/data/csv/record-scanner";

const bytes = (text: string) => new TextEncoder().encode(text);

/** Scans one record of `text` from `pos` and returns the state with each field's text. */
function scan(text: string, fieldCount: number, options: { pos?: number; lim?: number; atEof?: boolean } = {}) {
  const buf = bytes(text);
  const start = new Int32Array(fieldCount + 1);
  const end = new Int32Array(fieldCount + 1);
  const quoted = new Uint8Array(fieldCount + 1);
  const escaped = new Uint8Array(fieldCount + 1);
  const state = scanRecord(buf, options.pos ?? 0, options.lim ?? buf.length, options.atEof ?? true, fieldCount, start, end, quoted, escaped, new Int32Array(10));
  const found = Math.min(state[S_FIELD], fieldCount);
  const decoder = new TextDecoder();
  return {
    state,
    fields: Array.from({ length: found }, (_, f) => decoder.decode(buf.subarray(start[f], end[f]))),
    quoted: Array.from(quoted.subarray(0, found)),
    escaped: Array.from(escaped.subarray(0, found)),
  };
}

describe("scanRecord", () => {
  it("splits a plain record and stops after its LF", () => {
    const { state, fields } = scan("a,12,x\nnext,1,2\n", 3);
    expect(fields).toEqual(["a", "12", "x"]);
    expect(state[S_COMPLETE]).toBe(1);
    expect(state[S_SCAN]).toBe(7); // the byte after the first LF
    expect(state[S_FIELD]).toBe(3);
    expect(state[S_OVERFLOW]).toBe(0);
  });

  it("drops the CR of a CRLF line end", () => {
    expect(scan("a,b\r\n", 2).fields).toEqual(["a", "b"]);
  });

  it("reads quoted fields without their quotes, flags \"\" escapes and counts embedded newlines", () => {
    const { state, fields, quoted, escaped } = scan('"x,y","say ""hi""","two\nlines"\n', 3);
    expect(fields).toEqual(["x,y", 'say ""hi""', "two\nlines"]); // unescaping is the parser's job
    expect(quoted).toEqual([1, 1, 1]);
    expect(escaped).toEqual([0, 1, 0]);
    expect(state[S_NEWLINES]).toBe(1);
    expect(state[S_COMPLETE]).toBe(1);
  });

  it("reports the first field with bytes after its closing quote (1-based)", () => {
    expect(scan('ok,"star"farm,z\n', 3).state[S_BAD_QUOTE]).toBe(2);
    expect(scan('ok,"fine",z\n', 3).state[S_BAD_QUOTE]).toBe(0);
  });

  it("flags more fields than the header as overflow, and counts fewer", () => {
    const more = scan("1,2,3,4\n", 3).state;
    expect(more[S_OVERFLOW]).toBe(1);
    expect(more[S_FIELD]).toBe(4);
    expect(scan("1,2\n", 3).state[S_FIELD]).toBe(2);
  });

  it("leaves a record that runs past the buffer incomplete, with where its last field started", () => {
    const { state } = scan("ab,cd,ef", 3, { atEof: false });
    expect(state[S_COMPLETE]).toBe(0);
    expect(state[S_FIELD]).toBe(2);
    expect(state[S_START]).toBe(6);
  });

  it("stops inside a quoted field at the buffer's end (cannot tell \"\" from \" yet), and says it is in quotes", () => {
    const cut = scan('a,"b""', 2, { atEof: false }).state;
    expect(cut[S_COMPLETE]).toBe(0);
    expect(cut[S_IN_QUOTES]).toBe(1);
    const open = scan('a,"never closed', 2).state;
    expect(open[S_IN_QUOTES]).toBe(1);
    expect(open[S_QUOTED]).toBe(1);
    expect(open[S_ESCAPED]).toBe(0);
  });

  it("starts at pos", () => {
    expect(scan("skip\nq,r\n", 2, { pos: 5 }).fields).toEqual(["q", "r"]);
  });
});
