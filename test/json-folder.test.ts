import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listJsonNames } from "../lib/json-folder";

describe("listJsonNames", () => {
  it("lists the valid names of NAME.json files, sorted, and nothing for a missing folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-json-folder-"));
    try {
      for (const file of ["b.json", "a.json", "C.json", "bad name.json", ".b.json.tmp-1", "a.bin", "x.json.bak"]) fs.writeFileSync(path.join(dir, file), "{}");
      fs.mkdirSync(path.join(dir, "sub.json.d"));
      expect(listJsonNames(dir, (name) => /^[A-Za-z]+$/.test(name))).toEqual(["C", "a", "b"]);
      expect(listJsonNames(dir, () => false)).toEqual([]);
      expect(listJsonNames(path.join(dir, "missing"), () => true)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
