import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { planCut, readFeatureFrameCsvParallel, type ReadStrategy } from "../../../lib/data/csv/parallel-read";
import { DataError } from "../../../lib/data/errors";
import type { FeatureFrame } from "../../../lib/data/feature-frame";
import { describeSource } from "../../../lib/data/fingerprint";
import { generateFeatureFrameCsv } from "../../../lib/data/generate";
import { COLUMN_NAMES, TARGET_COLUMN } from "../../../lib/data/schema";
import { baseRow, csvText, tempDir, writeTemp } from "../../helpers/feature-frame-csv";

/*
 * The two-worker read against the one-thread read of the same file: the same frame (every column's
 * type and values, every dictionary, the fingerprint) and the same first error, wherever the cut falls.
 */

const dir = tempDir("pushlab-parallel-read-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let counter = 0;

interface Read {
  frame: FeatureFrame | null;
  error: DataError | null;
  strategy: ReadStrategy | null;
}

async function read(file: string, parallel: "always" | "never", options: { requiredColumns?: readonly string[]; keepColumns?: readonly string[] } = {}): Promise<Read> {
  let strategy: ReadStrategy | null = null;
  try {
    const frame = await readFeatureFrameCsvParallel(file, describeSource(file), { ...options, parallel, onStrategy: (s) => (strategy = s) });
    return { frame, error: null, strategy };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return { frame: null, error, strategy };
  }
}

function expectSameFrame(actual: FeatureFrame, expected: FeatureFrame): void {
  expect(actual.rowCount).toBe(expected.rowCount);
  expect(actual.source).toEqual(expected.source);
  expect(actual.source.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  expect(actual.extraColumns).toEqual(expected.extraColumns);
  expect(Object.keys(actual.numbers).sort()).toEqual(Object.keys(expected.numbers).sort());
  for (const [name, values] of Object.entries(expected.numbers)) {
    const got = actual.numbers[name];
    expect(got.constructor, name).toBe(values.constructor);
    expect(got.length, name).toBe(values.length);
    let differences = 0;
    for (let i = 0; i < values.length; i++) if (!Object.is(got[i], values[i])) differences++;
    expect(differences, name).toBe(0);
  }
  expect(Object.keys(actual.categories).sort()).toEqual(Object.keys(expected.categories).sort());
  for (const [name, column] of Object.entries(expected.categories)) {
    expect(actual.categories[name].dictionary, name).toEqual(column.dictionary);
    expect(actual.categories[name].codes, name).toEqual(column.codes);
  }
}

/** Reads the file both ways and checks they agree; returns how the two-worker read went. */
async function expectSameRead(file: string, options: { requiredColumns?: readonly string[]; keepColumns?: readonly string[] } = {}): Promise<ReadStrategy | null> {
  const one = await read(file, "never", options);
  const two = await read(file, "always", options);
  expect(one.strategy).toBe("one thread");
  expect(one.error).toBeNull();
  expect(two.error).toBeNull();
  expectSameFrame(two.frame!, one.frame!);
  return two.strategy;
}

/** The planned cut of a file: its byte and the line of the first record after it (no quoted newlines before it). */
function cutOf(file: string): { cut: number; line: number } {
  const fd = fs.openSync(file, "r");
  try {
    const plan = planCut(fd)!;
    const bytes = fs.readFileSync(file);
    let newlines = 0;
    for (let i = 0; i < plan.cut; i++) if (bytes[i] === 10) newlines++;
    return { cut: plan.cut, line: newlines + 1 };
  } finally {
    fs.closeSync(fd);
  }
}

describe("two-worker CSV read: the frame of a one-thread read", () => {
  let generated: string;
  beforeAll(() => {
    generated = generateFeatureFrameCsv({ orders: 12, seed: 5 });
  });

  it("on a generated file (orders and vendors on both sides of the cut)", async () => {
    const file = writeTemp(dir, `g-${counter++}.csv`, generated);
    expect(await expectSameRead(file)).toBe("two threads");
  });

  it("with CRLF line ends, a BOM and no final newline", async () => {
    const file = writeTemp(dir, `g-${counter++}.csv`, `\ufeff${generated.replaceAll("\n", "\r\n").slice(0, -2)}`);
    expect(await expectSameRead(file)).toBe("two threads");
  });

  it("with quoted fields, escaped quotes and embedded newlines on both sides of the cut", async () => {
    const lines = generated.trimEnd().split("\n");
    const quoted = lines.map((line, i) => {
      if (i === 0 || i % 97 !== 0) return line;
      const fields = line.split(",");
      fields[1] = `"${fields[1]}"`; // product_type, quoted as is
      fields[14] = `"${fields[14]} ""fresh""\nfoods"`; // vendor: a quote and a newline inside
      fields[12] = `"${fields[12]}"`; // a quoted number
      return fields.join(",");
    });
    const file = writeTemp(dir, `g-${counter++}.csv`, `${quoted.join("\n")}\n`);
    expect(await expectSameRead(file)).toBe("two threads");
    const { frame } = await read(file, "always");
    expect(frame!.categories.vendor.dictionary.some((name) => name.endsWith(' "fresh"\nfoods'))).toBe(true);
  });

  it("with an extra column, columns in another order, and only the columns kept that were asked for", async () => {
    const lines = generated.trimEnd().split("\n");
    const moved = lines.map((line, i) => {
      const fields = line.split(",");
      return [i === 0 ? "note" : `n${i % 5}`, ...fields.reverse()].join(",");
    });
    const file = writeTemp(dir, `g-${counter++}.csv`, `${moved.join("\n")}\n`);
    expect(await expectSameRead(file)).toBe("two threads");
    const scoring = COLUMN_NAMES.filter((c) => c !== TARGET_COLUMN);
    expect(await expectSameRead(file, { requiredColumns: scoring, keepColumns: ["vendor", "normalised_price", "created_at"] })).toBe("two threads");
  });

  it("where the second half brings new category names and sees old ones in another order (codes re-mapped)", async () => {
    const vendors = ["a", "b", "c"];
    const late = ["z", "c", "y", "a"];
    const rows = Array.from({ length: 400 }, (_, i) => baseRow({ vendor: i < 200 ? vendors[i % 3] : late[i % 4], variant_id: String(1000 + i) }));
    const file = writeTemp(dir, `v-${counter++}.csv`, csvText(rows));
    expect(await expectSameRead(file)).toBe("two threads");
    const { frame } = await read(file, "always");
    expect(frame!.categories.vendor.dictionary).toEqual(["a", "b", "c", "z", "y"]);
  });

  it("narrows each column to the type of both halves together (a flag in one half, a count in the other)", async () => {
    const rows = Array.from({ length: 400 }, (_, i) => baseRow({ count_pets: i < 300 ? "1.0" : "300.0", normalised_price: i < 200 ? "0.5" : "0.08115" }));
    const file = writeTemp(dir, `n-${counter++}.csv`, csvText(rows));
    expect(await expectSameRead(file)).toBe("two threads");
    const { frame } = await read(file, "always");
    expect(frame!.numbers.count_pets).toBeInstanceOf(Uint16Array);
    expect(frame!.numbers.normalised_price).toBeInstanceOf(Float64Array);
  });
});

/**
 * Rows where every record's first field is quoted (so a record boundary is always followed by a
 * quote) and, with `multiline`, the vendor holds newlines across most of the record's bytes.
 */
function quotedRows(n: number, eol: string, multiline: boolean): string {
  const header = COLUMN_NAMES.join(",");
  const records = Array.from({ length: n }, (_, i) => {
    const row = baseRow({ variant_id: `"${1000 + i}"`, vendor: multiline ? `"v${i % 3}${"\nxx".repeat(60)}"` : `v${i % 3}` });
    return COLUMN_NAMES.map((c) => row[c]).join(",");
  });
  return [header, ...records].join(eol) + eol;
}

describe("two-worker CSV read: where the cut falls", () => {
  it("right after a CRLF, before a quoted field (every middle byte position of a CRLF file)", async () => {
    // Files of 40–43 records: the middle falls on different bytes of a record, among them its CR and LF.
    const seen = new Set<string>();
    for (let n = 40; n < 44; n++) {
      const text = quotedRows(n, "\r\n", false);
      const file = writeTemp(dir, `q-${counter++}.csv`, text);
      const { cut } = cutOf(file);
      expect(text[cut - 2] + text[cut - 1] + text[cut]).toBe('\r\n"');
      const fd = fs.openSync(file, "r");
      const plan = planCut(fd)!;
      fs.closeSync(fd);
      const middle = plan.dataStart + Math.floor((plan.size - plan.dataStart) / 2);
      seen.add(text[middle] === "\r" ? "CR" : text[middle] === "\n" ? "LF" : "inside");
      expect(await expectSameRead(file)).toBe("two threads");
    }
    expect(seen.has("inside")).toBe(true);
  });

  it("on the CR and on the LF of a CRLF", async () => {
    // Pad the first record's vendor until the middle byte is the CR, then the LF, of a line end.
    for (const target of ["\r", "\n"]) {
      let found = false;
      for (let pad = 0; pad < 400 && !found; pad++) {
        const rows = Array.from({ length: 30 }, (_, i) => baseRow({ vendor: i === 0 ? `v${"p".repeat(pad)}` : `v${i % 3}` }));
        const text = csvText(rows, COLUMN_NAMES, "\r\n");
        const dataStart = text.indexOf("\n") + 1;
        const middle = dataStart + Math.floor((text.length - dataStart) / 2);
        if (text[middle] !== target) continue;
        found = true;
        const file = writeTemp(dir, `m-${counter++}.csv`, text);
        expect(cutOf(file).cut).toBe(text.indexOf("\n", middle) + 1);
        expect(await expectSameRead(file)).toBe("two threads");
      }
      expect(found).toBe(true);
    }
  });

  it("inside a quoted field that holds newlines: read on one thread, same frame", async () => {
    const text = quotedRows(40, "\n", true);
    const file = writeTemp(dir, `mq-${counter++}.csv`, text);
    // The planned cut's newline is inside a vendor (most of every record's bytes are).
    const { cut } = cutOf(file);
    expect(text.slice(cut, cut + 2)).toBe("xx");
    expect(await expectSameRead(file)).toBe("one thread, cut inside a record");
  });
});

/** A field value that the test removes from the text, comma included (a record one field short). */
const DROP = "DROP-THIS-FIELD";

/** 400 rows over 8 orders (each with its own date), all orders on both sides of the cut. */
function orderRows(): Record<string, string>[] {
  return Array.from({ length: 400 }, (_, i) => {
    const order = i % 8;
    const day = String(1 + order).padStart(2, "0");
    return baseRow({
      order_id: String(2807985930372 + order),
      created_at: `2020-10-${day} 1${order}:46:19`,
      order_date: `2020-10-${day} 00:00:00`,
      variant_id: String(33826472919172 + i),
      vendor: `v${i % 5}`,
    });
  });
}

describe("two-worker CSV read: the one-thread read's first error, file:line:column", () => {
  const cases: [string, (row: Record<string, string>) => Record<string, string>, RegExp][] = [
    ["a non-numeric number", (r) => ({ ...r, normalised_price: "abc" }), /:13: not a finite number \(column 'normalised_price', value "abc"\)/],
    ["an empty number", (r) => ({ ...r, count_pets: "" }), /:20: empty value; expected a number/],
    ["NaN text", (r) => ({ ...r, count_pets: "NaN" }), /:20: not a finite number/],
    ["Infinity text", (r) => ({ ...r, count_pets: "Infinity" }), /:20: not a finite number/],
    ["a number too large for a double", (r) => ({ ...r, count_pets: "1e400" }), /:20: not a finite number/],
    ["an outcome other than 0/1", (r) => ({ ...r, outcome: "2.0" }), /:8: outcome must be 0 or 1/],
    ["an impossible date", (r) => ({ ...r, created_at: "2021-02-30 10:00:00" }), /:5: not a date-time/],
    ["a date in another format", (r) => ({ ...r, order_date: "05/10/2020" }), /:6: not a date/],
    ["an empty category", (r) => ({ ...r, vendor: "" }), /:15: empty value; expected a category name/],
    ["characters after a closing quote", (r) => ({ ...r, vendor: '"star"farm' }), /:15: characters after the closing quote/],
    ["too few fields", (r) => ({ ...r, count_pets: DROP }), /: wrong number of fields: expected 27 .* found 26/],
    ["too many fields", (r) => ({ ...r, std_days_to_buy_product_type: "1.0,extra" }), /: wrong number of fields: expected 27 .* found 28/],
    ["order_date not the day of created_at", (r) => ({ ...r, order_date: "2020-10-28 00:00:00" }), /:6: order_date is not the day/],
    ["an order with another date than its earlier rows", (r) => ({ ...r, created_at: r.created_at.replace(/:19$/, ":20") }), /:5: order \d+ has two dates: this row differs from line \d+/],
  ];

  const positions: [string, (lines: number) => number][] = [
    ["in the first half", (n) => Math.floor(n / 4)],
    ["in the second half", (n) => Math.floor((3 * n) / 4)],
    ["on the last row", (n) => n - 1],
  ];

  // Every case in the second half; the first half and the last row for every other case (each read starts two workers).
  for (const [c, [name, spoil, pattern]] of cases.entries()) {
    for (const [where, at] of positions.filter(([where]) => where === "in the second half" || (where === "in the first half" ? c % 2 === 0 : c % 2 === 1))) {
      it(`${name}, ${where}`, async () => {
        const rows = orderRows();
        const k = at(rows.length);
        rows[k] = spoil(rows[k]);
        const file = writeTemp(dir, `e-${counter++}.csv`, csvText(rows).replace(`,${DROP}`, ""));
        const one = await read(file, "never");
        const two = await read(file, "always");
        expect(one.error).not.toBeNull();
        expect(one.error!.message).toMatch(pattern);
        expect(one.error!.line).toBe(k + 2);
        expect(two.error?.message).toBe(one.error!.message);
        expect(two.error!.line).toBe(one.error!.line);
        const { line: cutLine } = cutOf(file);
        expect(one.error!.line! >= cutLine).toBe(where !== "in the first half");
        expect(two.strategy).toMatch(/^two threads/);
      });
    }
  }

  it("the first row after the cut, with a message that is moved by the first half's line count", async () => {
    const rows = orderRows();
    const clean = writeTemp(dir, `e-${counter++}.csv`, csvText(rows));
    const { line } = cutOf(clean);
    rows[line - 2] = { ...rows[line - 2], normalised_price: "0.0811x" }; // as long as "0.08115": the cut stays put
    const file = writeTemp(dir, `e-${counter++}.csv`, csvText(rows));
    expect(cutOf(file).line).toBe(line);
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.message).toBe(`${file}:${line}:13: not a finite number (column 'normalised_price', value "0.0811x")`);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.strategy).toBe("two threads");
  });

  it("an order first seen in the first half with another date in the second (checked across the cut)", async () => {
    const rows = orderRows();
    const clean = writeTemp(dir, `e-${counter++}.csv`, csvText(rows));
    const { line } = cutOf(clean);
    // Every row of order 3 in the second half moves by one second: each half alone is consistent.
    for (let k = line - 2; k < rows.length; k++) if (rows[k].order_id === String(2807985930372 + 3)) rows[k] = { ...rows[k], created_at: rows[k].created_at.replace(/:19$/, ":20") };
    const file = writeTemp(dir, `e-${counter++}.csv`, csvText(rows));
    expect(cutOf(file).line).toBe(line);
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.message).toMatch(/:5: order 2807985930375 has two dates: this row differs from line 5 \(column 'created_at'/);
    expect(one.error!.line! >= line).toBe(true);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.strategy).toBe("two threads, second half re-read");
  });

  it("the same valid cross-cut orders read on two threads without a re-read", async () => {
    const file = writeTemp(dir, `e-${counter++}.csv`, csvText(orderRows()));
    expect(await expectSameRead(file)).toBe("two threads");
  });

  for (const side of ["before", "after"] as const) {
    it(`a blank line just ${side} the cut, then more data`, async () => {
      // Pad the first row's vendor until the cut's newline is the blank line's (before) or the record's before it (after).
      let file = "";
      let blankLine = 0;
      for (let pad = 0; pad < 400 && !file; pad++) {
        const rows = orderRows();
        rows[0] = { ...rows[0], vendor: `v${"p".repeat(pad)}` };
        const lines = csvText(rows).split("\n");
        const text = [...lines.slice(0, 201), "", ...lines.slice(201)].join("\n");
        const dataStart = text.indexOf("\n") + 1;
        const cut = text.indexOf("\n", dataStart + Math.floor((text.length - dataStart) / 2)) + 1;
        const blankAt = lines.slice(0, 201).join("\n").length + 1; // the blank line's newline
        if (cut === (side === "before" ? blankAt + 1 : blankAt)) {
          file = writeTemp(dir, `b-${counter++}.csv`, text);
          blankLine = 202;
        }
      }
      expect(file).not.toBe("");
      const one = await read(file, "never");
      const two = await read(file, "always");
      expect(one.error!.message).toBe(`${file}:${blankLine}: empty line; expected 27 fields`);
      expect(two.error!.message).toBe(one.error!.message);
      expect(two.strategy).toBe(side === "before" ? "two threads, second half re-read" : "two threads");
    });
  }

  it("a blank line in the second half, and blank lines at the end (allowed)", async () => {
    const text = csvText(orderRows());
    const lines = text.split("\n");
    const spoilt = [...lines.slice(0, 350), "", ...lines.slice(350)].join("\n");
    const file = writeTemp(dir, `b-${counter++}.csv`, spoilt);
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.message).toBe(`${file}:351: empty line; expected 27 fields`);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.strategy).toBe("two threads");
    const trailing = writeTemp(dir, `b-${counter++}.csv`, `${text}\n\n`);
    expect(await expectSameRead(trailing)).toBe("two threads");
  });

  it("an unterminated quote on the last line", async () => {
    const text = csvText(orderRows());
    const file = writeTemp(dir, `u-${counter++}.csv`, `${text}${COLUMN_NAMES.map(() => "1").join(",").replace(/^1/, '"1')}`);
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.message).toMatch(/:402:1: unterminated quoted field at end of file/);
    expect(two.error!.message).toBe(one.error!.message);
  });

  it("a header problem, reported once as the one-thread read does", async () => {
    const text = csvText(orderRows(), COLUMN_NAMES.filter((c) => c !== "vendor"));
    const file = writeTemp(dir, `h-${counter++}.csv`, text);
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.message).toMatch(/:1: missing required column 'vendor'/);
    expect(two.error!.message).toBe(one.error!.message);
  });
});

describe("two-worker CSV read: other generated files", () => {
  for (const [orders, seed] of [
    [1, 60],
    [3, 91],
    [7, 2026],
  ] as const) {
    it(`${orders} order(s), seed ${seed}: the one-thread frame`, async () => {
      const file = writeTemp(dir, `s-${counter++}.csv`, generateFeatureFrameCsv({ orders, seed }));
      expect(await expectSameRead(file)).toBe("two threads");
    });
  }

  it("a file of one data row (the cut after it: an empty second half)", async () => {
    const file = writeTemp(dir, `s-${counter++}.csv`, csvText([baseRow()]));
    // No newline after the middle but the last: no cut, one thread.
    expect(await expectSameRead(file)).toBe("one thread");
  });

  it("a file of two data rows", async () => {
    const file = writeTemp(dir, `s-${counter++}.csv`, csvText([baseRow(), baseRow({ variant_id: "1" })]));
    expect(await expectSameRead(file)).toMatch(/^(two threads|one thread)$/);
  });
});

describe("two-worker CSV read: each column's type from both halves", () => {
  const cases: [string, (i: number) => Record<string, string>, string, unknown][] = [
    ["wider in the first half (the second appended in place)", (i) => ({ count_pets: i < 100 ? "300.0" : "1.0" }), "count_pets", Uint16Array],
    ["negative only in the second half", (i) => ({ count_pets: i < 300 ? "3.0" : "-3.0" }), "count_pets", Int8Array],
    ["-0 only in the second half", (i) => ({ count_pets: i < 300 ? "3.0" : "-0.0" }), "count_pets", Float32Array],
    ["float32 in one half, float64 in the other", (i) => ({ normalised_price: i < 200 ? "0.25" : "0.1" }), "normalised_price", Float64Array],
    ["float64 in the first half, integers in the second", (i) => ({ normalised_price: i < 200 ? "0.1" : "4.0" }), "normalised_price", Float64Array],
    ["epoch seconds beyond int32 in the second half only", (i) => ({ created_at: i < 300 ? "2020-10-05 16:46:19" : "2040-10-05 16:46:19", order_date: i < 300 ? "2020-10-05 00:00:00" : "2040-10-05 00:00:00", order_id: String(i < 300 ? 1 : 2) }), "created_at", Uint32Array],
  ];
  for (const [name, values, column, Type] of cases) {
    it(name, async () => {
      const rows = Array.from({ length: 400 }, (_, i) => baseRow({ variant_id: String(1000 + i), ...values(i) }));
      const file = writeTemp(dir, `t-${counter++}.csv`, csvText(rows));
      expect(await expectSameRead(file)).toBe("two threads");
      const { frame } = await read(file, "always");
      expect(frame!.numbers[column]).toBeInstanceOf(Type as typeof Uint8Array);
    });
  }
});

describe("two-worker CSV read: hostile input", () => {
  it("a quoted field across the cut and an error after it in the second half: read on one thread, the same error", async () => {
    const text = quotedRows(40, "\n", true);
    const lines = text.split("\n");
    // Spoil a count in the last record (the file's last line holds its last fields).
    lines[lines.length - 2] = lines[lines.length - 2].replace(/,0\.0,2\.0,33\.0,/, ",zero,2.0,33.0,");
    const file = writeTemp(dir, `hq-${counter++}.csv`, lines.join("\n"));
    const { cut } = cutOf(file);
    expect(text.slice(cut, cut + 2)).toBe("xx");
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.message).toMatch(/:\d+:20: not a finite number \(column 'count_pets', value "zero"\)/);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.error!.line).toBe(one.error!.line);
    expect(two.strategy).toBe("one thread, cut inside a record");
  });

  it("a quote opened before the cut and never closed: the one-thread read's unterminated field", async () => {
    const rows = orderRows();
    rows[150] = { ...rows[150], vendor: '"opened and never closed' };
    const file = writeTemp(dir, `hq-${counter++}.csv`, csvText(rows));
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.message).toMatch(/:152:15: unterminated quoted field at end of file/);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.strategy).toBe("one thread, cut inside a record");
  });

  it("errors in both halves: the first half's is the one reported", async () => {
    const rows = orderRows();
    rows[120] = { ...rows[120], outcome: "7" };
    rows[330] = { ...rows[330], normalised_price: "x" };
    const file = writeTemp(dir, `hb-${counter++}.csv`, csvText(rows));
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.line).toBe(122);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.strategy).toBe("two threads");
  });

  it("a second-half error after a cross-cut date conflict: the conflict, found by the re-read", async () => {
    const rows = orderRows();
    const { line } = cutOf(writeTemp(dir, `hc-${counter++}.csv`, csvText(rows)));
    const order = String(2807985930372 + 2);
    const firstAfter = rows.findIndex((r, k) => k >= line - 2 && r.order_id === order);
    for (let k = line - 2; k < rows.length; k++) if (rows[k].order_id === order) rows[k] = { ...rows[k], created_at: rows[k].created_at.replace(/:19$/, ":21") };
    rows[firstAfter + 20] = { ...rows[firstAfter + 20], count_babies: "many" };
    const file = writeTemp(dir, `hc-${counter++}.csv`, csvText(rows));
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.line).toBe(firstAfter + 2);
    expect(one.error!.message).toMatch(/has two dates/);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.strategy).toBe("two threads, second half re-read");
  });

  it("a second-half error before a cross-cut date conflict: that error, moved by the first half's lines", async () => {
    const rows = orderRows();
    const { line } = cutOf(writeTemp(dir, `hc-${counter++}.csv`, csvText(rows)));
    const order = String(2807985930372 + 6);
    const firstAfter = rows.findIndex((r, k) => k >= line - 2 && r.order_id === order);
    for (let k = firstAfter + 40; k < rows.length; k++) if (rows[k].order_id === order) rows[k] = { ...rows[k], created_at: rows[k].created_at.replace(/:19$/, ":21") };
    rows[firstAfter + 1] = { ...rows[firstAfter + 1], count_babies: "many" };
    const file = writeTemp(dir, `hc-${counter++}.csv`, csvText(rows));
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.line).toBe(firstAfter + 3);
    expect(one.error!.message).toMatch(/:19: not a finite number \(column 'count_babies', value "many"\)/);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.strategy).toBe("two threads");
  });

  it("invalid UTF-8 in a category name in the second half", async () => {
    const text = csvText(orderRows());
    const lines = text.split("\n");
    const bytes = Buffer.concat([Buffer.from(`${lines.slice(0, 300).join("\n")}\n`), Buffer.from(lines[300].replace(/,v0,|,v1,|,v2,|,v3,|,v4,/, ",v\u0000,")), Buffer.from(`\n${lines.slice(301).join("\n")}`)]);
    const bad = Buffer.from(bytes);
    bad[bad.indexOf(0)] = 0xff;
    const file = writeTemp(dir, `hu-${counter++}.csv`, bad);
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.message).toMatch(/:301:15: not valid UTF-8 text/);
    expect(two.error!.message).toBe(one.error!.message);
    expect(two.strategy).toBe("two threads");
  });

  it("a NUL byte and a stray CR in the second half", async () => {
    const text = csvText(orderRows());
    const lines = text.split("\n");
    lines[310] = lines[310].replace(",0.08115,", ",0.08\u000015,");
    lines[320] = lines[320].replace(",2.0,", ",2.0\r,");
    const file = writeTemp(dir, `hn-${counter++}.csv`, lines.join("\n"));
    const one = await read(file, "never");
    const two = await read(file, "always");
    expect(one.error!.line).toBe(311);
    expect(two.error!.message).toBe(one.error!.message);
  });
});

describe("two-worker CSV read: a worker that fails", () => {
  for (const how of ["throw", "exit"] as const) {
    it(`falls back to one thread when its module ${how === "throw" ? "throws while loading" : "exits without a report"}: same frame, same error`, async () => {
      const workerModule = new URL(`./fixtures/failing-parse-worker.ts?how=${how}`, import.meta.url);
      const good = writeTemp(dir, `f-${counter++}.csv`, csvText(orderRows()));
      let strategy: ReadStrategy | null = null;
      const frame = await readFeatureFrameCsvParallel(good, describeSource(good), { parallel: "always", workerModule, onStrategy: (s) => (strategy = s) });
      expect(strategy).toBe("one thread, a worker failed");
      expectSameFrame(frame, (await read(good, "never")).frame!);

      const rows = orderRows();
      rows[333] = { ...rows[333], outcome: "yes" };
      const bad = writeTemp(dir, `f-${counter++}.csv`, csvText(rows));
      const one = await read(bad, "never");
      await expect(readFeatureFrameCsvParallel(bad, describeSource(bad), { parallel: "always", workerModule })).rejects.toThrow(one.error!.message);
    });
  }
});
