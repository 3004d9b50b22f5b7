import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { loadDataset, prepareData } from "../../lib/data/dataset";
import { summarizeDataset } from "../../lib/data/summary";
import { baseRow, csvText, tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-summary-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * Three orders: order 1 (2020-10-05) and order 2 (2020-10-06) have 5 purchased items of 6 rows and
 * pass the ≥ 5-items filter; order 3 (2020-10-07) has 1 of 3 and is dropped. 15 rows, 11 purchases.
 */
function rows() {
  const out: Record<string, string>[] = [];
  const order = (id: string, date: string, outcomes: number[], vendor: (k: number) => string) =>
    outcomes.forEach((y, k) =>
      out.push(baseRow({ order_id: id, order_date: `${date} 00:00:00`, created_at: `${date} 10:00:00`, outcome: `${y}.0`, vendor: vendor(k), normalised_price: String(0.1 * (k + 1)), user_id: `${id}0` })),
    );
  order("1", "2020-10-05", [1, 1, 1, 1, 1, 0], (k) => (k < 4 ? "alpha" : "beta"));
  order("2", "2020-10-06", [1, 1, 1, 1, 1, 0], () => "alpha");
  order("3", "2020-10-07", [1, 0, 0], () => "gamma");
  return out;
}

describe("summarizeDataset", async () => {
  const file = writeTemp(dir, "frame.csv", csvText(rows()));
  const { frame } = await loadDataset(file);
  const summary = summarizeDataset(prepareData(frame));

  it("counts rows, orders, users and the purchase rate before the filter", () => {
    expect(summary.rows).toBe(15);
    expect(summary.orders).toBe(3);
    expect(summary.users).toBe(3);
    expect(summary.variants).toBe(1);
    expect(summary.positiveRate).toBeCloseTo(11 / 15, 12);
    expect(summary.extraColumns).toEqual([]);
    expect(summary.source.path).toBe(file);
  });

  it("reports what the ≥ 5-items filter keeps", () => {
    expect(summary.filter).toMatchObject({ minItems: 5, ordersKept: 2, rowsKept: 12 });
    expect(summary.filter.positiveRateKept).toBeCloseTo(10 / 12, 12);
    // 11 purchased items over 3 orders, 10 over the 2 kept orders.
    expect(summary.filter.itemsPerOrder).toBeCloseTo(11 / 3, 12);
    expect(summary.filter.itemsPerKeptOrder).toBeCloseTo(5, 12);
  });

  it("lists the days whose orders were all dropped, with their order counts", () => {
    expect(summary.droppedOrdersPerDay).toEqual([{ day: day("2020-10-07"), orders: 1 }]);
    expect(summary.ordersPerDay.map((d) => d.day)).toEqual([day("2020-10-05"), day("2020-10-06")]);
  });

  it("counts an order whose rows span two days on each of them (the loaders refuse such a file; the summary does not rely on them)", async () => {
    const { frame: other } = await loadDataset(file);
    // Order 3's last row (line 16) moved to 2020-10-08.
    other.numbers.order_date[14] = day("2020-10-08");
    expect(summarizeDataset(prepareData(other)).droppedOrdersPerDay).toEqual([
      { day: day("2020-10-07"), orders: 1 },
      { day: day("2020-10-08"), orders: 1 },
    ]);
  });

  it("gives min, mean, max and distinct values of a numeric column", () => {
    const price = summary.columns.find((c) => c.name === "normalised_price")!;
    // Prices 0.1…0.6 in orders 1 and 2, 0.1…0.3 in order 3: 15 values, 6 distinct.
    expect(price).toMatchObject({ kind: "number", distinct: 6 });
    expect(price.min).toBeCloseTo(0.1, 12);
    expect(price.max).toBeCloseTo(0.6, 12);
    expect(price.mean).toBeCloseTo((2 * (0.1 + 0.2 + 0.3 + 0.4 + 0.5 + 0.6) + (0.1 + 0.2 + 0.3)) / 15, 12);
    const outcome = summary.columns.find((c) => c.name === "outcome")!;
    expect(outcome).toMatchObject({ min: 0, max: 1, distinct: 2, mean: 11 / 15 });
  });

  it("gives the most frequent values of a string column with their row counts, most first", () => {
    const vendor = summary.columns.find((c) => c.name === "vendor")!;
    expect(vendor).toMatchObject({ kind: "string", distinct: 3 });
    expect(vendor.top).toEqual([
      { value: "alpha", rows: 10 },
      { value: "gamma", rows: 3 },
      { value: "beta", rows: 2 },
    ]);
    expect(vendor.min).toBeUndefined();
  });

  it("summarizes every column of the schema, in its order", () => {
    expect(summary.columns).toHaveLength(27);
    expect(summary.columns[0].name).toBe("variant_id");
  });
});
