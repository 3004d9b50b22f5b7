import { describe, expect, it } from "vitest";
import { parseHeader } from "../../../lib/data/csv/header";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseHeader", () => {
  it("splits quoted names with \"\" escapes and trims spaces", () => {
    expect(parseHeader(bytes('a, "b,c" ,"d""e"'), "f.csv", [])).toEqual(["a", "b,c", 'd"e']);
  });
  it("names the duplicate's first column", () => {
    expect(() => parseHeader(bytes("a,b,a"), "f.csv", [])).toThrow(/f\.csv:1.*duplicate column name \(first seen at column 1\)/);
  });
  it("lists the header when a required column is missing", () => {
    expect(() => parseHeader(bytes("a,b"), "f.csv", ["a", "outcome"])).toThrow(/missing required column 'outcome'; the header has: a, b/);
  });
  it("refuses an empty header and bytes that are not UTF-8", () => {
    expect(() => parseHeader(bytes(""), "f.csv", [])).toThrow(/header row is empty/);
    expect(() => parseHeader(new Uint8Array([0xff, 0xfe, 0x41]), "f.csv", [])).toThrow(/not valid UTF-8/);
  });
});
