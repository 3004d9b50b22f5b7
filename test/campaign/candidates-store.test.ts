import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import {
  defaultCandidatesName,
  isValidCandidatesName,
  listCandidateSets,
  productTypeOfVariant,
  publishCandidates,
  readCandidateSet,
  readProductTypeRows,
  readScoredCandidates,
} from "../../lib/campaign/candidates-store";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-candidates-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = "variant_id,product_type,order_id,user_id,purchase_probability,predicted_purchase";
const SCORED = [
  HEADER,
  "11,tea,1,101,0.2,0",
  "12,coffee,1,101,0.9,1",
  "11,tea,2,102,0.7,1",
  '13,"soup, tinned",3,103,0.4,0',
  "12,coffee,3,103,0.1,0",
  "",
].join("\n");

describe("names", () => {
  it("accepts short names of letters, digits, - and _ only", () => {
    expect(isValidCandidatesName("week-12_all")).toBe(true);
    for (const bad of ["", "../x", "a/b", ".hidden", "-lead", "a".repeat(65), 7, null]) expect(isValidCandidatesName(bad), String(bad)).toBe(false);
    expect(isValidCandidatesName("a".repeat(64))).toBe(true);
  });

  it("derives the default name from the predictions file", () => {
    expect(defaultCandidatesName("/x/customers_predictions.csv")).toBe("customers");
    expect(defaultCandidatesName("/x/my file.csv")).toBe("my-file");
    expect(defaultCandidatesName("/x/__.csv")).toBe("candidates");
  });
});

describe("readScoredCandidates", () => {
  it("reads the four columns a campaign needs, wherever they stand, and codes the product types", () => {
    const c = readScoredCandidates(writeTemp(dir, "scored.csv", SCORED));
    expect(Array.from(c.userIds)).toEqual([101, 101, 102, 103, 103]);
    expect(Array.from(c.variantIds)).toEqual([11, 12, 11, 13, 12]);
    expect(Array.from(c.probabilities)).toEqual([0.2, 0.9, 0.7, 0.4, 0.1]);
    expect(c.productTypes).toEqual(["tea", "coffee", "soup, tinned"]);
    expect(Array.from(c.productTypeCodes)).toEqual([0, 1, 0, 2, 1]);
  });

  it("accepts CRLF line ends", () => {
    const c = readScoredCandidates(writeTemp(dir, "crlf.csv", SCORED.replaceAll("\n", "\r\n")));
    expect(Array.from(c.probabilities)).toEqual([0.2, 0.9, 0.7, 0.4, 0.1]);
  });

  it("names the file, line, column and value of the first bad cell", () => {
    const file = writeTemp(dir, "bad.csv", [HEADER, "11,tea,1,101,0.2,0", "11,tea,1,101,1.5,1"].join("\n"));
    expect(() => readScoredCandidates(file)).toThrow(`${file}:3:5: expected a probability in [0, 1] (column 'purchase_probability', value "1.5")`);
    const user = writeTemp(dir, "bad-user.csv", [HEADER, "11,tea,1,x,0.2,0"].join("\n"));
    expect(() => readScoredCandidates(user)).toThrow(`${user}:2:4: expected a number (column 'user_id', value "x")`);
    const type = writeTemp(dir, "bad-type.csv", [HEADER, "11,,1,101,0.2,0"].join("\n"));
    expect(() => readScoredCandidates(type)).toThrow(/:2:2: expected a product type/);
  });

  it("refuses a file that was not scored, and an empty one", () => {
    const unscored = writeTemp(dir, "unscored.csv", "variant_id,product_type,user_id\n1,tea,2\n");
    expect(() => readScoredCandidates(unscored)).toThrow(`${unscored}:1: not a scored candidates file: missing column purchase_probability`);
    expect(() => readScoredCandidates(writeTemp(dir, "empty.csv", ""))).toThrow(/the file is empty/);
  });
});

describe("publishing and reading a set", () => {
  const sets = path.join(dir, "sets");

  it("stores the rows by product type (names in code-unit order), highest probability first, and reads one type's range", () => {
    const candidates = readScoredCandidates(writeTemp(dir, "scored-2.csv", SCORED));
    const set = publishCandidates(sets, "week1", candidates, { version: "v_1", source: "scored.csv" });
    expect(set).toMatchObject({ format: "pushlab-candidates-v1", name: "week1", version: "v_1", source: "scored.csv", rows: 5 });
    expect(set.productTypes).toEqual([
      { name: "coffee", start: 0, end: 2 },
      { name: "soup, tinned", start: 2, end: 3 },
      { name: "tea", start: 3, end: 5 },
    ]);
    const coffee = readProductTypeRows(sets, set, "coffee")!;
    expect(Array.from(coffee.probabilities)).toEqual([0.9, 0.1]);
    expect(Array.from(coffee.userIds)).toEqual([101, 103]);
    expect(Array.from(coffee.variantIds)).toEqual([12, 12]);
    const tea = readProductTypeRows(sets, set, "tea")!;
    expect(Array.from(tea.probabilities)).toEqual([0.7, 0.2]);
    expect(Array.from(tea.userIds)).toEqual([102, 101]);
    expect(readProductTypeRows(sets, set, "bread")).toBeNull();
    expect(readCandidateSet(sets, "week1")).toEqual(set);
  });

  it("finds a variant's product type", () => {
    const set = readCandidateSet(sets, "week1")!;
    expect(productTypeOfVariant(sets, set, 13)).toBe("soup, tinned");
    expect(productTypeOfVariant(sets, set, 12)).toBe("coffee");
    expect(productTypeOfVariant(sets, set, 99)).toBeNull();
  });

  it("replaces a set of the same name and removes its old data file", () => {
    const before = readCandidateSet(sets, "week1")!;
    const candidates = readScoredCandidates(writeTemp(dir, "scored-3.csv", [HEADER, "21,tea,1,201,0.5,1", ""].join("\n")));
    const after = publishCandidates(sets, "week1", candidates, { version: "v_2", source: "other.csv" });
    expect(after.data).not.toBe(before.data);
    expect(fs.existsSync(path.join(sets, before.data))).toBe(false);
    expect(readCandidateSet(sets, "week1")).toMatchObject({ version: "v_2", rows: 1 });
    expect(fs.readdirSync(sets).filter((n) => n.endsWith(".bin"))).toEqual([after.data]);
  });

  it("lists the valid sets and never reads a name that is a path or a damaged index", () => {
    publishCandidates(sets, "week2", readScoredCandidates(writeTemp(dir, "scored-4.csv", SCORED)), { version: "v_1", source: "s.csv" });
    fs.writeFileSync(path.join(sets, "broken.json"), "{");
    fs.writeFileSync(path.join(sets, "renamed.json"), JSON.stringify({ ...readCandidateSet(sets, "week2"), name: "week2" }));
    expect(listCandidateSets(sets).map((s) => s.name).sort()).toEqual(["week1", "week2"]);
    expect(readCandidateSet(sets, "../sets/week1")).toBeNull();
    expect(readCandidateSet(sets, "broken")).toBeNull();
    expect(readCandidateSet(sets, "missing")).toBeNull();
    expect(() => publishCandidates(sets, "../escape", readScoredCandidates(writeTemp(dir, "scored-5.csv", SCORED)), { version: "v", source: "s" })).toThrow(/not a candidates name/);
  });
});
