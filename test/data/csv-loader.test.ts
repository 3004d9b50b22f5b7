import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { loadFeatureFrameCsv } from "../../lib/data/csv-loader";
import { DataError } from "../../lib/data/errors";
import { describeSource } from "../../lib/data/fingerprint";
import { COLUMN_NAMES } from "../../lib/data/schema";
import { baseRow, csvText, tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function load(content: string | Uint8Array, options: { requiredColumns?: string[] } = {}) {
  const file = writeTemp(dir, `case-${counter++}.csv`, content);
  return { file, frame: loadFeatureFrameCsv(file, describeSource(file), options) };
}

function loadError(content: string | Uint8Array): DataError {
  const file = writeTemp(dir, `bad-${counter++}.csv`, content);
  try {
    loadFeatureFrameCsv(file, describeSource(file));
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message.startsWith(file)).toBe(true);
    return error as DataError;
  }
  throw new Error("expected a DataError");
}

const twoRows = [baseRow(), baseRow({ variant_id: "33826472919173", outcome: "1.0", vendor: "oatly", discount_pct: "1e-05" })];

describe("loadFeatureFrameCsv: valid input", () => {
  it("reads every column into typed arrays", () => {
    const { frame } = load(csvText(twoRows));
    expect(frame.rowCount).toBe(2);
    expect(frame.numbers.variant_id).toBeInstanceOf(Float64Array);
    expect([...frame.numbers.variant_id]).toEqual([33826472919172, 33826472919173]);
    expect([...frame.numbers.outcome]).toEqual([0, 1]);
    expect([...frame.numbers.discount_pct]).toEqual([0.1111111111111111, 1e-5]);
    expect(frame.numbers.created_at[0]).toBe(Date.UTC(2020, 9, 5, 16, 46, 19) / 1000);
    expect(frame.numbers.order_date[0]).toBe(Date.UTC(2020, 9, 5) / 86400_000);
    expect(frame.categories.vendor.dictionary).toEqual(["clearspring", "oatly"]);
    expect([...frame.categories.vendor.codes]).toEqual([0, 1]);
    expect(frame.extraColumns).toEqual([]);
  });

  it("accepts CRLF line ends, a UTF-8 BOM and a missing final newline", () => {
    const text = csvText(twoRows, COLUMN_NAMES, "\r\n");
    const { frame } = load(`\uFEFF${text.slice(0, -2)}`);
    expect(frame.rowCount).toBe(2);
    expect(frame.numbers.std_days_to_buy_product_type[1]).toBe(24.27618);
  });

  it("accepts quoted fields, escaped quotes and embedded newlines", () => {
    const header = COLUMN_NAMES.map((c) => `"${c}"`).join(",");
    const row = baseRow({ vendor: '"acme ""fresh""\nfoods"', normalised_price: '"0.5"' });
    const text = `${header}\n${COLUMN_NAMES.map((c) => row[c]).join(",")}\n`;
    const { frame } = load(text);
    expect(frame.categories.vendor.dictionary).toEqual(['acme "fresh"\nfoods']);
    expect(frame.numbers.normalised_price[0]).toBe(0.5);
  });

  it("accepts columns in any order and reports extra columns", () => {
    const columns = [...COLUMN_NAMES].reverse();
    const rows = twoRows.map((r) => ({ ...r, note: "x" }));
    const { frame } = load(csvText(rows, ["note", ...columns]));
    expect(frame.rowCount).toBe(2);
    expect(frame.extraColumns).toEqual(["note"]);
    expect([...frame.numbers.outcome]).toEqual([0, 1]);
  });

  it("tolerates one blank line at the end of the file", () => {
    expect(load(`${csvText(twoRows)}\n`).frame.rowCount).toBe(2);
  });

  it("reads records that cross the 4 MiB read buffer", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      baseRow({ order_id: String(2807985930372 + (i % 50)), created_at: "2020-10-05 16:46:19", discount_pct: String(i / 7) }),
    );
    const { frame } = load(csvText(rows));
    expect(frame.rowCount).toBe(20_000);
    expect(frame.numbers.discount_pct[19_999]).toBe(19_999 / 7);
  });

  it("can load a file to score, without the outcome column", () => {
    const columns = COLUMN_NAMES.filter((c) => c !== "outcome");
    const { frame } = load(csvText(twoRows, columns), { requiredColumns: columns });
    expect(frame.numbers.outcome).toBeUndefined();
    expect(frame.rowCount).toBe(2);
  });
});

describe("loadFeatureFrameCsv: rejects bad input with file, line and column", () => {
  const cases: [string, () => string | Uint8Array, RegExp][] = [
    ["an empty file", () => "", /:1: file is empty/],
    ["a header without rows", () => `${COLUMN_NAMES.join(",")}\n`, /no data rows/],
    ["a missing required column", () => csvText(twoRows, COLUMN_NAMES.filter((c) => c !== "vendor")), /:1: missing required column 'vendor'/],
    ["a duplicate header", () => csvText(twoRows, [...COLUMN_NAMES, "vendor"]), /:1:28: duplicate column name.*column 'vendor'/],
    ["a non-numeric number", () => csvText([baseRow(), baseRow({ normalised_price: "abc" })]), /:3:13: not a finite number \(column 'normalised_price', value "abc"\)/],
    ["an empty number", () => csvText([baseRow({ count_pets: "" })]), /:2:20: empty value; expected a number/],
    ["NaN text", () => csvText([baseRow({ count_pets: "NaN" })]), /:2:20: not a finite number.*"NaN"/],
    ["Infinity text", () => csvText([baseRow({ count_pets: "Infinity" })]), /:2:20: not a finite number/],
    ["a number too large for a double", () => csvText([baseRow({ count_pets: "1e400" })]), /:2:20: not a finite number/],
    ["an outcome other than 0/1", () => csvText([baseRow({ outcome: "2.0" })]), /:2:8: outcome must be 0 or 1/],
    ["an impossible date", () => csvText([baseRow({ created_at: "2021-02-30 10:00:00" })]), /:2:5: not a date-time.*"2021-02-30 10:00:00"/],
    ["a date in another format", () => csvText([baseRow({ order_date: "05/10/2020" })]), /:2:6: not a date/],
    ["too few fields", () => csvText([baseRow()]).replace(/,0\.0,0\.0,0\.0,0\.0,/, ",0.0,0.0,0.0,"), /:2: wrong number of fields: expected 27 .* found 26/],
    ["too many fields", () => csvText([baseRow()]).replace(/\n$/, ",extra\n"), /:2: wrong number of fields: expected 27 .* found 28/],
    ["an order with two dates", () => csvText([baseRow(), baseRow({ variant_id: "1", created_at: "2020-10-05 17:00:00" })]), /:3:5: order 2807985930372 has two dates: this row differs from line 2/],
    ["order_date not the day of created_at", () => csvText([baseRow({ order_date: "2020-10-06 00:00:00" })]), /:2:6: order_date is not the day/],
    ["a blank line in the middle", () => csvText(twoRows).replace("\n", "\n\n"), /:2: empty line/],
    ["an unterminated quote", () => `${csvText(twoRows)}${COLUMN_NAMES.map(() => "1").join(",").replace(/^1/, '"1')}`, /unterminated quoted field/],
    ["non-UTF-8 bytes in a category", () => Buffer.concat([Buffer.from(csvText([baseRow({ vendor: "VENDOR" })]).split("VENDOR")[0]), Buffer.from([0xff, 0xfe]), Buffer.from(csvText([baseRow({ vendor: "VENDOR" })]).split("VENDOR")[1])]), /:2:15: not valid UTF-8/],
    ["a binary file", () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]), /header is not valid UTF-8|missing required column/],
  ];
  for (const [name, content, pattern] of cases) {
    it(`rejects ${name}`, () => {
      expect(loadError(content()).message).toMatch(pattern);
    });
  }
});
