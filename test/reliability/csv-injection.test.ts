/**
 * The loader's stance on hostile category values (issue 8): product_type and vendor values that a
 * spreadsheet would run as a formula (leading = + - @, tab or CR: CSV injection, since `pushlab
 * predict` copies input records into its output) are refused with file:line:column, as are control
 * characters and values longer than the API's 200-character limit. Numbers keep their sign, and
 * ordinary names with these characters inside are fine.
 */
import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { categoryProblem, MAX_CATEGORY_LENGTH } from "../../lib/data/category-values";
import { loadFeatureFrameCsv } from "../../lib/data/csv-loader";
import { DataError } from "../../lib/data/errors";
import { describeSource } from "../../lib/data/fingerprint";
import { COLUMN_NAMES } from "../../lib/data/schema";
import { baseRow, csvText, tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-injection-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let counter = 0;

function load(content: string | Uint8Array) {
  const file = writeTemp(dir, `case-${counter++}.csv`, content);
  return { file, load: () => loadFeatureFrameCsv(file, describeSource(file)) };
}

const col = (name: string) => COLUMN_NAMES.indexOf(name) + 1;
/** Two valid rows and a third with `column` = the raw CSV field `field`. */
const withField = (column: string, field: string) => csvText([baseRow(), baseRow({ variant_id: "1" }), baseRow({ variant_id: "2", [column]: field })]);

describe("category values a spreadsheet would run as formulas are refused", () => {
  const formulas: [string, string][] = [
    ["=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0"],
    ["+1+1", "+1+1"],
    ["-2+3", "-2+3"],
    ["@SUM(A1)", "@SUM(A1)"],
    ['"=HYPERLINK(""http://x.invalid"",""y"")"', '=HYPERLINK("http://x.invalid","y")'],
    ['"\t=1+1"', "\t=1+1"],
    ['"\r=1+1"', "\r=1+1"],
  ];
  for (const column of ["product_type", "vendor"]) {
    for (const [field, value] of formulas) {
      it(`${column} = ${JSON.stringify(value)}`, () => {
        const { file, load: run } = load(withField(column, field));
        let error: unknown;
        try {
          run();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DataError);
        expect((error as DataError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4:${col(column)}: category value starts with = \\+ - @.*CSV injection`));
        expect(error).toMatchObject({ line: 4, column: { index: col(column), name: column } });
      });
    }
  }
});

describe("other category checks", () => {
  it("refuses control characters other than tab, CR and LF, and over-long values", () => {
    expect(() => load(withField("vendor", "star\u0000farm")).load()).toThrow(/:4:15: category value contains a control character/);
    expect(() => load(withField("vendor", "star\u001b[31mfarm")).load()).toThrow(/:4:15: category value contains a control character/);
    expect(() => load(withField("product_type", "a".repeat(MAX_CATEGORY_LENGTH + 1))).load()).toThrow(/:4:2: category value longer than 200 characters/);
    expect(load(withField("product_type", "a".repeat(MAX_CATEGORY_LENGTH))).load().rowCount).toBe(3);
  });

  it("accepts ordinary names holding these characters after the first one, and signed numbers", () => {
    const frame = load(csvText([baseRow({ vendor: "e=mc2", product_type: "tea-and-coffee", discount_pct: "-0.04" }), baseRow({ variant_id: "1", vendor: "a+b@c" })])).load();
    expect(frame.categories.vendor.dictionary).toEqual(["e=mc2", "a+b@c"]);
    expect(frame.numbers.discount_pct[0]).toBe(-0.04);
    // A quoted value with an embedded line break stays accepted (an existing loader test relies on it).
    expect(categoryProblem('acme "fresh"\nfoods')).toBeNull();
  });

  it("checks each distinct value once, wherever it repeats", () => {
    const rows = Array.from({ length: 50 }, (_, i) => baseRow({ variant_id: String(i + 1) }));
    rows[37] = { ...rows[37], vendor: "@x" };
    expect(() => load(csvText(rows)).load()).toThrow(/:39:15: category value starts with/);
  });
});

describe("the header's names in error messages", () => {
  it("are escaped and cut short, whatever the first line holds", () => {
    const { load: run } = load(new Uint8Array(64 * 1024)); // NUL bytes: valid UTF-8, one huge "name"
    let message = "";
    try {
      run();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/:1: missing required column 'variant_id'; the header has: "\\u0000/);
    expect(message.length).toBeLessThan(1000);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });
});
