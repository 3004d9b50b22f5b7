import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forEachRecord } from "../../lib/data/csv-records";

let dir = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-csv-records-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let serial = 0;
function file(content: string | Buffer): string {
  const p = path.join(dir, `r${serial++}.csv`);
  fs.writeFileSync(p, content);
  return p;
}

/** The records as strings (the callback's bytes are only valid during the call, so each is copied). */
function records(source: string | number, chunkBytes?: number): string[] {
  const out: string[] = [];
  forEachRecord(source, (bytes, start, end) => out.push(Buffer.from(bytes.subarray(start, end)).toString("utf8")), chunkBytes);
  return out;
}

const BOM = "\uFEFF";

describe("forEachRecord", () => {
  it("gives the header and every record, line terminators removed (LF and CRLF)", () => {
    expect(records(file("a,b\n1,2\n3,4\n"))).toEqual(["a,b", "1,2", "3,4"]);
    expect(records(file("a,b\r\n1,2\r\n3,4\r\n"))).toEqual(["a,b", "1,2", "3,4"]);
  });

  it("gives a last record that has no line feed, with or without its CR", () => {
    expect(records(file("a,b\n1,2"))).toEqual(["a,b", "1,2"]);
    expect(records(file("a,b\r\n1,2\r"))).toEqual(["a,b", "1,2"]);
  });

  it("keeps quoted fields whole, line breaks and doubled quotes included", () => {
    const text = 'id,note\n1,"two\nlines"\n2,"say ""hi""\r\nthere"\n3,plain\n';
    expect(records(file(text))).toEqual(["id,note", '1,"two\nlines"', '2,"say ""hi""\r\nthere"', "3,plain"]);
  });

  it("drops a UTF-8 byte-order mark before the header, and only there", () => {
    expect(records(file(`${BOM}a,b\n${BOM}1,2\n`))).toEqual(["a,b", `${BOM}1,2`]);
  });

  it("gives no record for an empty file and an empty record for a blank line", () => {
    expect(records(file(""))).toEqual([]);
    expect(records(file("a\n\nb\n"))).toEqual(["a", "", "b"]);
  });

  it("gives the same records whatever the chunk size, records longer than a chunk included", () => {
    const text = `${BOM}variant_id,note\r\n${"9".repeat(50)},"x\ny"\n1,""""\n2,last`;
    const p = file(text);
    const expected = ["variant_id,note", `${"9".repeat(50)},"x\ny"`, '1,""""', "2,last"];
    for (const chunk of [1, 2, 3, 4, 5, 7, 16, 1 << 20]) expect(records(p, chunk), `chunk ${chunk}`).toEqual(expected);
  });

  it("passes the raw bytes: multi-byte characters split across chunks arrive whole", () => {
    const p = file("naïve,café\nœuf,€5\n");
    expect(records(p, 3)).toEqual(["naïve,café", "œuf,€5"]);
  });

  it("reads an open descriptor from its start and leaves it open", () => {
    const p = file("h\n1\n2\n");
    const fd = fs.openSync(p, "r");
    try {
      fs.readSync(fd, Buffer.alloc(2), 0, 2, null); // move the descriptor's own position
      expect(records(fd)).toEqual(["h", "1", "2"]);
      expect(records(fd)).toEqual(["h", "1", "2"]); // still open, readable again
    } finally {
      fs.closeSync(fd);
    }
  });

  it("throws for a missing file", () => {
    expect(() => records(path.join(dir, "missing.csv"))).toThrow(/ENOENT/);
  });
});
