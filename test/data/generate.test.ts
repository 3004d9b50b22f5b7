import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatPythonFloat } from "../../lib/data/format-float";
import {
  FEATURE_FRAME_HEADER,
  generateFeatureFrameChunks,
  generateFeatureFrameCsv,
  writeSyntheticFeatureFrame,
} from "../../lib/data/generate";
import { COLUMN_NAMES, MIN_ITEMS_PER_ORDER } from "../../lib/data/schema";

const EXPECTED_HEADER =
  "variant_id,product_type,order_id,user_id,created_at,order_date,user_order_seq,outcome,ordered_before," +
  "abandoned_before,active_snoozed,set_as_regular,normalised_price,discount_pct,vendor,global_popularity," +
  "count_adults,count_children,count_babies,count_pets,people_ex_baby,days_since_purchase_variant_id," +
  "avg_days_to_buy_variant_id,std_days_to_buy_variant_id,days_since_purchase_product_type," +
  "avg_days_to_buy_product_type,std_days_to_buy_product_type";

const col = (name: string) => {
  const i = COLUMN_NAMES.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
};

/** Data rows of a CSV as arrays of fields (the CSV never needs quoting). */
function parse(csv: string): string[][] {
  const lines = csv.split("\n");
  expect(lines.pop()).toBe(""); // ends with a line feed
  return lines.slice(1).map((line) => line.split(","));
}

describe("formatPythonFloat (Python repr of a float)", () => {
  it.each([
    [0, "0.0"],
    [-0, "-0.0"],
    [1, "1.0"],
    [2, "2.0"],
    [-3, "-3.0"],
    [33, "33.0"],
    [0.5, "0.5"],
    [0.1111111111111111, "0.1111111111111111"],
    [1 / 3, "0.3333333333333333"],
    [0.1 + 0.2, "0.30000000000000004"],
    [123.456, "123.456"],
    [0.0001, "0.0001"],
    [0.00012345, "0.00012345"],
    [0.00025, "0.00025"],
    [1e-5, "1e-05"],
    [3.3e-5, "3.3e-05"],
    [-1e-7, "-1e-07"],
    [5e-324, "5e-324"],
    [1e15, "1000000000000000.0"],
    [9999999999999998, "9999999999999998.0"],
    [1e16, "1e+16"],
    [1.5e16, "1.5e+16"],
    [123456789012345678, "1.2345678901234568e+17"],
    [1e22, "1e+22"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [Number.NaN, "nan"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
  ])("%s -> %s", (x, expected) => {
    expect(formatPythonFloat(x)).toBe(expected);
  });

  it("round-trips", () => {
    for (const x of [0.1, 2 / 3, 1e-300, 12345.678, 0.000123, 4.2e-5, 7e20]) {
      expect(Number(formatPythonFloat(x))).toBe(x);
    }
  });
});

describe("synthetic feature frame: format and structure", () => {
  let csv = "";
  let rows: string[][] = [];

  beforeAll(() => {
    csv = generateFeatureFrameCsv({ orders: 60, seed: 42 });
    rows = parse(csv);
  });

  it("has the exact 27-column header in schema order", () => {
    expect(FEATURE_FRAME_HEADER).toBe(EXPECTED_HEADER + "\n");
    expect(csv.slice(0, csv.indexOf("\n"))).toBe(EXPECTED_HEADER);
    expect(COLUMN_NAMES.join(",")).toBe(EXPECTED_HEADER);
    expect(COLUMN_NAMES).toHaveLength(27);
  });

  it("has 27 fields on every row, LF line ends, no quoting, no empty cells", () => {
    expect(rows.length).toBeGreaterThan(60 * 700);
    expect(csv.includes("\r")).toBe(false);
    expect(csv.includes('"')).toBe(false);
    expect(rows.filter((r) => r.length !== 27 || r.includes(""))).toEqual([]);
  });

  it("formats ids, timestamps and numbers like pandas to_csv", () => {
    const pyFloat = /^-?(\d+\.\d+|\d(\.\d+)?e[+-]\d{2,3})$/;
    const integerColumns = new Set(["variant_id", "order_id", "user_id", "user_order_seq"]);
    const numeric = COLUMN_NAMES.filter(
      (c) => !integerColumns.has(c) && !["product_type", "vendor", "created_at", "order_date"].includes(c),
    ).map(col);
    const binary = ["outcome", "ordered_before", "abandoned_before", "active_snoozed", "set_as_regular"].map(col);
    const patterns: [number, RegExp][] = [
      [col("variant_id"), /^\d{14}$/],
      [col("order_id"), /^\d{13}$/],
      [col("user_id"), /^\d{13}$/],
      [col("user_order_seq"), /^([2-9]|1\d|2[01])$/], // integer 2..21
      [col("product_type"), /^[a-z0-9]+$/],
      [col("vendor"), /^[a-z0-9]+$/],
      [col("created_at"), /^(2020-(10|11|12)|2021-(01|02|03))-\d{2} \d{2}:\d{2}:\d{2}$/],
      ...numeric.map((i): [number, RegExp] => [i, pyFloat]),
      ...binary.map((i): [number, RegExp] => [i, /^[01]\.0$/]),
    ];
    // Collect offending cells (one expect per cell would be slow on ~50k rows).
    const bad: string[] = [];
    for (const r of rows) {
      for (const [i, re] of patterns) if (!re.test(r[i])) bad.push(`${COLUMN_NAMES[i]}=${r[i]}`);
      const createdAt = r[col("created_at")];
      if (createdAt < "2020-10-05 00:00:00" || createdAt >= "2021-03-04 00:00:00") bad.push(`created_at=${createdAt}`);
      if (r[col("order_date")] !== createdAt.slice(0, 10) + " 00:00:00") bad.push(`order_date=${r[col("order_date")]}`);
      if (bad.length > 20) break;
    }
    expect(bad).toEqual([]);
  });

  it("writes each cell as formatPythonFloat would (integral floats keep .0)", () => {
    const numeric = ["normalised_price", "discount_pct", "global_popularity", "count_adults", "std_days_to_buy_product_type"].map(col);
    for (const r of rows.slice(0, 5000)) {
      for (const i of numeric) expect(formatPythonFloat(Number(r[i]))).toBe(r[i]);
    }
    expect(rows.some((r) => r[col("days_since_purchase_variant_id")] === "33.0")).toBe(true);
    expect(rows.some((r) => r[col("count_adults")] === "2.0")).toBe(true);
  });

  it("groups rows by variant, time-sorted inside each group", () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    let previous: string[] | null = null;
    for (const r of rows) {
      const variant = r[col("variant_id")];
      if (previous === null || previous[col("variant_id")] !== variant) {
        if (seen.has(variant)) bad.push(`variant ${variant} in two blocks`); // a block per variant
        seen.add(variant);
      } else if (!(r[col("created_at")] > previous[col("created_at")])) {
        bad.push(`variant ${variant} not time-sorted at ${r[col("created_at")]}`);
      }
      previous = r;
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(seen.size).toBeGreaterThan(900);
    // Blocks are not simply sorted by id (as in the real file).
    const order = [...seen];
    expect(order).not.toEqual([...order].sort());
  });

  it("keeps per-variant, per-user and per-order attributes consistent", () => {
    const byVariant = new Map<string, string>();
    const byUser = new Map<string, string>();
    const byOrder = new Map<string, string>();
    const usersByOrder = new Map<string, string>();
    const bad: string[] = [];
    for (const r of rows) {
      const v = [r[col("product_type")], r[col("vendor")], r[col("normalised_price")], r[col("discount_pct")],
        r[col("avg_days_to_buy_variant_id")], r[col("std_days_to_buy_variant_id")]].join("|");
      if ((byVariant.get(r[col("variant_id")]) ?? v) !== v) bad.push(`variant ${r[col("variant_id")]}`);
      byVariant.set(r[col("variant_id")], v);

      const adults = Number(r[col("count_adults")]);
      const children = Number(r[col("count_children")]);
      if (Number(r[col("people_ex_baby")]) !== adults + children) bad.push(`people_ex_baby ${r.join(",")}`);
      const h = [adults, children, r[col("count_babies")], r[col("count_pets")]].join("|");
      if ((byUser.get(r[col("user_id")]) ?? h) !== h) bad.push(`household of user ${r[col("user_id")]}`);
      byUser.set(r[col("user_id")], h);

      const o = [r[col("user_id")], r[col("created_at")], r[col("user_order_seq")]].join("|");
      if ((byOrder.get(r[col("order_id")]) ?? o) !== o) bad.push(`order ${r[col("order_id")]}`);
      byOrder.set(r[col("order_id")], o);
      usersByOrder.set(r[col("order_id")], r[col("user_id")]);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(byOrder.size).toBe(60);
    // One created_at per order, and user_order_seq grows with each user's orders.
    const seqByUser = new Map<string, [string, number][]>();
    for (const [order, value] of byOrder) {
      const [user, createdAt, seq] = value.split("|");
      const list = seqByUser.get(user) ?? [];
      list.push([createdAt, Number(seq)]);
      seqByUser.set(user, list);
      expect(usersByOrder.get(order)).toBe(user);
    }
    for (const list of seqByUser.values()) {
      list.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (let i = 1; i < list.length; i++) expect(list[i][1]).toBe(list[i - 1][1] + 1);
    }
  });

  it("sets ordered_before from the customer's history", () => {
    // Within a variant block rows are in time order: once a user bought the variant, every later row
    // of that user and variant has ordered_before = 1; abandoned_before and set_as_regular persist.
    const bought = new Set<string>();
    const abandoned = new Set<string>();
    const regular = new Set<string>();
    let repeatRows = 0;
    const bad: string[] = [];
    for (const r of rows) {
      const key = r[col("user_id")] + "|" + r[col("variant_id")];
      if (bought.has(key)) {
        if (r[col("ordered_before")] !== "1.0") bad.push(`ordered_before ${key}`);
        repeatRows++;
      }
      if (abandoned.has(key) && r[col("abandoned_before")] !== "1.0") bad.push(`abandoned_before ${key}`);
      if (regular.has(key) && r[col("set_as_regular")] !== "1.0") bad.push(`set_as_regular ${key}`);
      if (r[col("outcome")] === "1.0") bought.add(key);
      if (r[col("abandoned_before")] === "1.0") abandoned.add(key);
      if (r[col("set_as_regular")] === "1.0") regular.add(key);
      // Without an earlier purchase the days since one is imputed.
      if (r[col("ordered_before")] === "0.0" && r[col("days_since_purchase_variant_id")] !== "33.0") {
        bad.push(`days_since_purchase_variant_id ${key}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(repeatRows).toBeGreaterThan(0);
  });
});

describe("synthetic feature frame: determinism and streaming", () => {
  it("gives byte-identical output for the same seed and different output for another seed", () => {
    const a = generateFeatureFrameCsv({ orders: 40, seed: 7 });
    const b = generateFeatureFrameCsv({ orders: 40, seed: 7 });
    const c = generateFeatureFrameCsv({ orders: 40, seed: 8 });
    expect(a.length).toBeGreaterThan(1_000_000);
    expect(a === b).toBe(true);
    expect(a === c).toBe(false);
  });

  it("streams chunks and reports progress up to the row count", () => {
    const progress: [number, number][] = [];
    let text = "";
    for (const chunk of generateFeatureFrameChunks({ orders: 40, seed: 7 }, (done, total) => progress.push([done, total]))) {
      text += chunk;
    }
    expect(text === generateFeatureFrameCsv({ orders: 40, seed: 7 })).toBe(true);
    const rows = text.split("\n").length - 2;
    expect(progress[0]).toEqual([0, rows]);
    expect(progress.at(-1)).toEqual([rows, rows]);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
  });

  it("rejects bad options", () => {
    expect(() => generateFeatureFrameCsv({ orders: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateFeatureFrameCsv({ orders: 2.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateFeatureFrameCsv({ orders: 10, seed: 0.5 })).toThrow(RangeError);
  });
});

describe("writeSyntheticFeatureFrame", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pushlab-generate-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the same bytes as the generator, atomically replacing an existing file", async () => {
    const path = join(dir, "nested", "frame.csv");
    await writeSyntheticFeatureFrame(path, { orders: 5, seed: 1 });
    const result = await writeSyntheticFeatureFrame(path, { orders: 40, seed: 3 });
    const written = await readFile(path, "latin1");
    expect(written === generateFeatureFrameCsv({ orders: 40, seed: 3 })).toBe(true);
    expect(result.orders).toBe(40);
    expect(result.bytes).toBe(Buffer.byteLength(written));
    expect(result.rows).toBe(written.split("\n").length - 2);
    expect(await readdir(join(dir, "nested"))).toEqual(["frame.csv"]); // no temp file left behind
  });

  it("leaves the previous file untouched and no temp file when writing fails", async () => {
    const path = join(dir, "keep.csv");
    await writeFile(path, "previous contents\n");
    let calls = 0;
    await expect(
      writeSyntheticFeatureFrame(path, { orders: 40, seed: 3 }, () => {
        if (++calls === 2) throw new Error("disk on fire");
      }),
    ).rejects.toThrow("disk on fire");
    expect(await readFile(path, "utf8")).toBe("previous contents\n");
    expect((await readdir(dir)).filter((f) => f.includes("keep"))).toEqual(["keep.csv"]);
    await expect(writeSyntheticFeatureFrame(path, { orders: -1 })).rejects.toThrow(RangeError);
    expect(await readFile(path, "utf8")).toBe("previous contents\n");
  });
});

describe("synthetic feature frame: statistics (200 orders)", () => {
  let rows: string[][] = [];
  beforeAll(() => {
    rows = parse(generateFeatureFrameCsv({ orders: 200, seed: 42 }));
  });

  const distinct = (name: string) => new Set(rows.map((r) => r[col(name)])).size;
  const mean = (name: string) => rows.reduce((s, r) => s + Number(r[col(name)]), 0) / rows.length;
  const share = (name: string, value: string) => rows.filter((r) => r[col(name)] === value).length / rows.length;

  it("has cardinalities that scale like the real file", () => {
    expect(distinct("order_id")).toBe(200);
    expect(distinct("created_at")).toBe(200);
    const users = distinct("user_id");
    expect(users).toBeGreaterThan(200 * 0.45); // real: 1,937 users for 3,446 orders (0.56)
    expect(users).toBeLessThan(200 * 0.68);
    expect(distinct("variant_id")).toBeGreaterThan(940); // 976 in the catalogue
    expect(distinct("variant_id")).toBeLessThanOrEqual(976);
    expect(distinct("product_type")).toBe(62);
    expect(distinct("vendor")).toBeGreaterThan(250); // 264 in the catalogue
    expect(distinct("order_date")).toBeGreaterThan(90);
    const rowsPerOrder = rows.length / 200;
    expect(rowsPerOrder).toBeGreaterThan(780); // real: ~836
    expect(rowsPerOrder).toBeLessThan(900);
  });

  it("has outcome and basket statistics close to the real file", () => {
    const positive = mean("outcome");
    expect(positive).toBeGreaterThan(0.008); // real: 0.0115
    expect(positive).toBeLessThan(0.016);
    const items = new Map<string, number>();
    for (const r of rows) items.set(r[col("order_id")], (items.get(r[col("order_id")]) ?? 0) + Number(r[col("outcome")]));
    const counts = [...items.values()];
    const kept = counts.filter((n) => n >= MIN_ITEMS_PER_ORDER);
    expect(kept.length / counts.length).toBeGreaterThan(0.62); // real: 0.755
    expect(kept.length / counts.length).toBeLessThan(0.88);
    const keptMean = kept.reduce((a, b) => a + b, 0) / kept.length;
    expect(keptMean).toBeGreaterThan(9); // real: ~12
    expect(keptMean).toBeLessThan(15);
  });

  it("has feature distributions close to the real file", () => {
    expect(mean("ordered_before")).toBeGreaterThan(0.008); // real: ~0.02
    expect(mean("ordered_before")).toBeLessThan(0.04);
    expect(mean("abandoned_before")).toBeLessThan(0.003);
    expect(mean("active_snoozed")).toBeLessThan(0.01);
    expect(mean("set_as_regular")).toBeLessThan(0.01);
    expect(mean("set_as_regular")).toBeGreaterThan(0);
    expect(share("days_since_purchase_variant_id", "33.0")).toBeGreaterThanOrEqual(0.75);
    expect(share("days_since_purchase_product_type", "30.0")).toBeGreaterThanOrEqual(0.75);
    expect(mean("normalised_price")).toBeGreaterThan(0.09); // real: 0.127
    expect(mean("normalised_price")).toBeLessThan(0.17);
    expect(mean("discount_pct")).toBeGreaterThan(0.13); // real: 0.186
    expect(mean("discount_pct")).toBeLessThan(0.24);
    expect(mean("global_popularity")).toBeGreaterThan(0.007); // real: 0.0107
    expect(mean("global_popularity")).toBeLessThan(0.015);
    expect(mean("count_adults")).toBeGreaterThan(1.9); // real: 2.02
    expect(mean("count_adults")).toBeLessThan(2.2);
    expect(mean("user_order_seq")).toBeGreaterThan(2.6); // real: 3.29
    expect(mean("user_order_seq")).toBeLessThan(4.2);
    const ranges: [string, number, number][] = [
      ["normalised_price", 0, 1],
      ["discount_pct", -0.04, 1.33],
      ["global_popularity", 0, 0.425],
      ["count_adults", 1, 5],
      ["count_children", 0, 3],
      ["count_babies", 0, 1],
      ["count_pets", 0, 6],
      ["days_since_purchase_variant_id", 0, 148],
      ["days_since_purchase_product_type", 0, 148],
    ];
    for (const [name, lo, hi] of ranges) {
      for (const r of rows) {
        const x = Number(r[col(name)]);
        if (x < lo || x > hi) throw new Error(`${name} = ${x} outside [${lo}, ${hi}]`);
      }
    }
  });

  it("makes purchases depend on history and popularity", () => {
    const rate = (pred: (r: string[]) => boolean) => {
      const sel = rows.filter(pred);
      return sel.reduce((s, r) => s + Number(r[col("outcome")]), 0) / sel.length;
    };
    const ob = col("ordered_before");
    expect(rate((r) => r[ob] === "1.0")).toBeGreaterThan(5 * rate((r) => r[ob] === "0.0"));
    const pop = col("global_popularity");
    expect(rate((r) => Number(r[pop]) > 0.02)).toBeGreaterThan(3 * rate((r) => Number(r[pop]) < 0.005));
  });
});
