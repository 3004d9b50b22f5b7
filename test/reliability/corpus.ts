/**
 * The hostile-input corpus: malformed, hostile or unusual feature-frame files, each built from a
 * small generated frame with one defect at a known line and column. `expected` is what every
 * command that reads the file (validate, run, predict) must report; "valid" inputs must pass.
 */
import fs from "node:fs";
import path from "node:path";
import { COLUMN_NAMES } from "../../lib/data/schema";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { seededRandom } from "./harness";

export interface ExpectedError {
  /** 1-based line and column of the first problem, when the problem has them. */
  line?: number;
  column?: number;
  message: RegExp;
}

export interface HostileInput {
  name: string;
  /** Creates the input inside `dir` (an empty folder of its own) and returns its path. */
  make: (dir: string) => string;
  expected: ExpectedError | "valid";
  /**
   * Also through `run` and `predict` (every input goes through `validate`). A CLI start costs ~2 s of
   * CPU, so those two commands get one input per distinct place where reading can fail (opening, the
   * header, a field, a record, the end of the file, a huge record) and the valid input.
   */
  everyCommand?: true;
}

const col = (name: string) => COLUMN_NAMES.indexOf(name) + 1;

/** Line where single-cell defects are injected (line 1 is the header). */
const L = 60;

export function buildCorpus(seed: number): { corpus: HostileInput[]; full: string } {
  const full = generateFeatureFrameCsv({ orders: 40, seed });
  const lines = full.split("\n");
  const header = lines[0];
  const rows = lines.slice(1, 121); // 120 data rows: lines 2..121
  const rowCount = rows.length;

  const text = (rs: string[] = rows, head = header) => `${head}\n${rs.join("\n")}\n`;
  /** The rows with the cell (line, column) replaced. */
  const withCell = (line: number, column: string, value: string) =>
    rows.map((row, i) => {
      if (i + 2 !== line) return row;
      const fields = row.split(",");
      fields[col(column) - 1] = value;
      return fields.join(",");
    });
  const cell = (line: number, column: string, value: string) => text(withCell(line, column, value));
  const file = (name: string, content: string | Uint8Array) => (dir: string) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  };
  const bytesCell = (line: number, column: string, value: Uint8Array) => {
    const [before, after] = cell(line, column, "\u0001MARK\u0001").split("\u0001MARK\u0001");
    return Buffer.concat([Buffer.from(before), value, Buffer.from(after)]);
  };
  const random = seededRandom(seed);
  const row0 = rows[0].split(",");

  const corpus: HostileInput[] = [
    {
      name: "truncated last line", everyCommand: true,
      make: file("truncated.csv", text().slice(0, -1 - Math.floor(rows[rowCount - 1].length / 2))),
      expected: { line: rowCount + 1, message: /wrong number of fields: expected 27/ },
    },
    { name: "too few fields", make: file("few.csv", text(rows.map((r, i) => (i + 2 === L ? r.slice(0, r.lastIndexOf(",")) : r)))), expected: { line: L, message: /wrong number of fields: expected 27 .*found 26/ } },
    { name: "too many fields", everyCommand: true, make: file("many.csv", text(rows.map((r, i) => (i + 2 === L ? `${r},1.0` : r)))), expected: { line: L, message: /wrong number of fields: expected 27 .*found 28/ } },
    { name: "NaN", everyCommand: true, make: file("nan.csv", cell(L, "normalised_price", "NaN")), expected: { line: L, column: col("normalised_price"), message: /not a finite number/ } },
    { name: "Infinity", make: file("inf.csv", cell(L, "discount_pct", "Infinity")), expected: { line: L, column: col("discount_pct"), message: /not a finite number/ } },
    { name: "-Infinity", make: file("neginf.csv", cell(L, "global_popularity", "-Infinity")), expected: { line: L, column: col("global_popularity"), message: /not a finite number/ } },
    { name: "nan as text", make: file("nan-text.csv", cell(L, "count_adults", "nan")), expected: { line: L, column: col("count_adults"), message: /not a finite number/ } },
    { name: "1e400", make: file("e400.csv", cell(L, "count_pets", "1e400")), expected: { line: L, column: col("count_pets"), message: /not a finite number/ } },
    { name: "400-digit integer", make: file("digits.csv", cell(L, "variant_id", `9${"0".repeat(399)}`)), expected: { line: L, column: col("variant_id"), message: /not a finite number/ } },
    { name: "February 30", make: file("feb30.csv", cell(L, "created_at", "2021-02-30 10:00:00")), expected: { line: L, column: col("created_at"), message: /not a date-time/ } },
    { name: "month 13", make: file("month13.csv", cell(L, "order_date", "2021-13-01 00:00:00")), expected: { line: L, column: col("order_date"), message: /not a date/ } },
    { name: "hour 24", make: file("hour24.csv", cell(L, "created_at", "2020-10-08 24:00:00")), expected: { line: L, column: col("created_at"), message: /not a date-time/ } },
    { name: "date in another format", make: file("format.csv", cell(L, "created_at", "08/10/2020 19:26:31")), expected: { line: L, column: col("created_at"), message: /not a date-time/ } },
    {
      name: "duplicate header", everyCommand: true,
      make: file("dup-header.csv", text(rows, header.replace(",vendor,", ",product_type,"))),
      expected: { line: 1, column: col("vendor"), message: /duplicate column name/ },
    },
    {
      name: "binary: random bytes",
      make: file("random.bin", Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256))),
      expected: { line: 1, message: /not valid UTF-8|missing required column/ },
    },
    {
      name: "binary: PNG header",
      make: file("image.csv", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0, 0x5c, 0x72, 0xa8, 0x66])),
      expected: { line: 1, message: /not valid UTF-8/ },
    },
    { name: "binary: NUL bytes", everyCommand: true, make: file("nul.csv", new Uint8Array(64 * 1024)), expected: { line: 1, message: /missing required column|not valid/ } },
    { name: "0-byte file", everyCommand: true, make: file("empty.csv", ""), expected: { line: 1, message: /file is empty/ } },
    { name: "header only", make: file("header-only.csv", `${header}\n`), expected: { line: 2, message: /no data rows/ } },
    { name: "5 MB number field", make: file("long-number.csv", cell(L, "normalised_price", "1".repeat(5 << 20))), expected: { line: L, column: col("normalised_price"), message: /not a finite number/ } },
    { name: "5 MB category field", everyCommand: true, make: file("long-category.csv", cell(L, "vendor", "a".repeat(5 << 20))), expected: { line: L, column: col("vendor"), message: /longer than 200 characters/ } },
    { name: "non-UTF-8 category", make: file("latin1.csv", bytesCell(L, "vendor", Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))), expected: { line: L, column: col("vendor"), message: /not valid UTF-8/ } },
    { name: "NUL inside a category", make: file("nul-category.csv", cell(L, "vendor", "star\u0000farm")), expected: { line: L, column: col("vendor"), message: /control character/ } },
    { name: "formula =cmd", everyCommand: true, make: file("formula-cmd.csv", cell(L, "product_type", "=cmd|' /C calc'!A0")), expected: { line: L, column: col("product_type"), message: /formula \(CSV injection\)/ } },
    { name: "formula +1+1", make: file("formula-plus.csv", cell(L, "vendor", "+1+1")), expected: { line: L, column: col("vendor"), message: /formula \(CSV injection\)/ } },
    { name: "formula @SUM", make: file("formula-at.csv", cell(L, "vendor", "@SUM(A1)")), expected: { line: L, column: col("vendor"), message: /formula \(CSV injection\)/ } },
    { name: "formula -2+3", make: file("formula-minus.csv", cell(L, "product_type", "-2+3")), expected: { line: L, column: col("product_type"), message: /formula \(CSV injection\)/ } },
    { name: "quoted formula", make: file("formula-quoted.csv", cell(L, "vendor", '"=HYPERLINK(""http://x.invalid"",""y"")"')), expected: { line: L, column: col("vendor"), message: /formula \(CSV injection\)/ } },
    { name: "tab-led category", make: file("formula-tab.csv", cell(L, "product_type", '"\t=1+1"')), expected: { line: L, column: col("product_type"), message: /formula \(CSV injection\)/ } },
    { name: "outcome 2", make: file("outcome2.csv", cell(L, "outcome", "2.0")), expected: { line: L, column: col("outcome"), message: /outcome must be 0 or 1/ } },
    { name: "outcome -1", make: file("outcome-1.csv", cell(L, "outcome", "-1.0")), expected: { line: L, column: col("outcome"), message: /outcome must be 0 or 1/ } },
    { name: "outcome 0.5", everyCommand: true, make: file("outcome05.csv", cell(L, "outcome", "0.5")), expected: { line: L, column: col("outcome"), message: /outcome must be 0 or 1/ } },
    {
      name: "an order with two dates",
      make: file(
        "two-dates.csv",
        text(
          rows.map((r, i) => {
            if (i + 2 !== L) return r;
            const fields = r.split(",");
            fields[col("order_id") - 1] = row0[col("order_id") - 1];
            fields[col("order_date") - 1] = row0[col("order_date") - 1];
            const time = row0[col("created_at") - 1];
            fields[col("created_at") - 1] = `${time.slice(0, 11)}${time.slice(11) === "23:59:59" ? "00:00:00" : "23:59:59"}`;
            return fields.join(",");
          }),
        ),
      ),
      expected: { line: L, column: col("created_at"), message: /has two dates: this row differs from line 2/ },
    },
    {
      name: "missing required column",
      make: file("no-vendor.csv", [header, ...rows].map((r) => r.split(",").filter((_, c) => c !== col("vendor") - 1).join(",")).join("\n") + "\n"),
      expected: { line: 1, message: /missing required column 'vendor'/ },
    },
    {
      name: "a directory", everyCommand: true,
      make: (dir) => {
        const target = path.join(dir, "folder.csv");
        fs.mkdirSync(target);
        return target;
      },
      expected: { message: /not a regular file/ },
    },
    { name: "a nonexistent path", everyCommand: true, make: (dir) => path.join(dir, "does-not-exist.csv"), expected: { message: /file not found/ } },
    { name: "unterminated quote", everyCommand: true, make: file("quote.csv", cell(L, "vendor", '"starfarm')), expected: { line: L, column: col("vendor"), message: /unterminated quoted field/ } },
    { name: "characters after a closing quote", make: file("after-quote.csv", cell(L, "vendor", '"star"farm')), expected: { line: L, column: col("vendor"), message: /after the closing quote of a quoted field/ } },
    {
      name: "category names from Object.prototype (valid)", everyCommand: true,
      // Every row of the generated file (not the 120-row excerpt, which may hold no order of ≥ 5 purchased items), so `run` trains on it.
      make: file("proto-names.csv", text(lines.slice(1).filter((line) => line !== "").map((r, i) => {
        const names = ["__proto__", "constructor", "toString", "hasOwnProperty"];
        const fields = r.split(",");
        fields[col("vendor") - 1] = names[i % names.length];
        fields[col("product_type") - 1] = names[(i + 1) % names.length];
        return fields.join(",");
      }))),
      expected: "valid",
    },
    { name: "an empty line in the middle", make: file("blank.csv", text(rows.map((r, i) => (i + 2 === L ? `\n${r}` : r)))), expected: { line: L, message: /empty line/ } },
    {
      name: "CRLF mixed with LF (valid)", everyCommand: true,
      make: file("crlf-mixed.csv", lines.map((line, i) => (i % 2 === 1 && i < lines.length - 1 ? `${line}\r` : line)).join("\n")),
      expected: "valid",
    },
  ];
  return { corpus, full };
}
