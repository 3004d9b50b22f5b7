import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { COLUMN_NAMES } from "../../lib/data/schema";

/** A valid feature-frame row as strings, keyed by column; tests override single cells. */
export function baseRow(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    variant_id: "33826472919172",
    product_type: "ricepastapulses",
    order_id: "2807985930372",
    user_id: "3482464092292",
    created_at: "2020-10-05 16:46:19",
    order_date: "2020-10-05 00:00:00",
    user_order_seq: "3",
    outcome: "0.0",
    ordered_before: "0.0",
    abandoned_before: "0.0",
    active_snoozed: "0.0",
    set_as_regular: "0.0",
    normalised_price: "0.08115",
    discount_pct: "0.1111111111111111",
    vendor: "clearspring",
    global_popularity: "0.0",
    count_adults: "2.0",
    count_children: "0.0",
    count_babies: "0.0",
    count_pets: "0.0",
    people_ex_baby: "2.0",
    days_since_purchase_variant_id: "33.0",
    avg_days_to_buy_variant_id: "42.0",
    std_days_to_buy_variant_id: "31.13413",
    days_since_purchase_product_type: "30.0",
    avg_days_to_buy_product_type: "30.0",
    std_days_to_buy_product_type: "24.27618",
    ...overrides,
  };
}

export function csvText(rows: Record<string, string>[], columns: readonly string[] = COLUMN_NAMES, eol = "\n"): string {
  return [columns.join(","), ...rows.map((row) => columns.map((c) => row[c]).join(","))].join(eol) + eol;
}

export function tempDir(prefix = "pushlab-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
