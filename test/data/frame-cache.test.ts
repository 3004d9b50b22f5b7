import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { frameCachePath, readFrameCache, writeFrameCache } from "../../lib/data/frame-cache";
import type { DataSource, FeatureFrame } from "../../lib/data/feature-frame";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-frame-cache-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const source: DataSource = { path: "/data/frame.csv", size: 1234, mtimeMs: 1_600_000_000_000, fingerprint: "ab".repeat(32), identity: "1:2:1234:1600000000000:1600000000000" };

/** Three rows (an odd count: Arrow pads buffers to 8 bytes) in the column types the loader produces. */
function frame(): FeatureFrame {
  return {
    source,
    rowCount: 3,
    numbers: {
      // Seconds before 1970, around 2020 and beyond 2^32: the int64 → float64 conversion's cases.
      created_at: Float64Array.from([-86_400 * 400 + 5, 1_601_913_979, 2 ** 33 + 7]),
      order_date: Int32Array.from([-400, 18_540, 99_420]),
      outcome: Uint8Array.from([0, 1, 0]),
      user_order_seq: Int16Array.from([3, -2, 300]),
      normalised_price: Float64Array.from([0.08115, 1 / 3, -0]),
      discount_pct: Float32Array.from([0.25, 0.5, 0.125]),
    },
    categories: {
      vendor: { codes: Int32Array.from([1, 0, 1]), dictionary: ["alpha", "beta"] },
    },
    extraColumns: ["note"],
  };
}

describe("the frame cache", () => {
  it("reads back every column, the source and the extra columns as written", async () => {
    const file = path.join(dir, "round-trip.arrow");
    await writeFrameCache(file, frame());
    const back = (await readFrameCache(file))!;
    expect(back.rowCount).toBe(3);
    expect(back.source).toEqual(source);
    expect(back.extraColumns).toEqual(["note"]);
    const original = frame();
    for (const [name, values] of Object.entries(original.numbers)) expect(Array.from(back.numbers[name]), name).toEqual(Array.from(values));
    expect(Array.from(back.categories.vendor.codes)).toEqual([1, 0, 1]);
    expect(back.categories.vendor.dictionary).toEqual(["alpha", "beta"]);
  });

  it("writes a compacted frame's narrow codes (one and two bytes) as the same categories", async () => {
    const file = path.join(dir, "narrow-codes.arrow");
    const narrow = frame();
    narrow.categories.vendor = { codes: Uint8Array.from([1, 0, 1]), dictionary: ["alpha", "beta"] };
    narrow.categories.product_type = { codes: Uint16Array.from([299, 0, 7]), dictionary: Array.from({ length: 300 }, (_, i) => `t${i}`) };
    await writeFrameCache(file, narrow);
    const back = (await readFrameCache(file))!;
    expect(Array.from(back.categories.vendor.codes, (c) => back.categories.vendor.dictionary[c])).toEqual(["beta", "alpha", "beta"]);
    expect(Array.from(back.categories.product_type.codes, (c) => back.categories.product_type.dictionary[c])).toEqual(["t299", "t0", "t7"]);
  });

  it("keeps the narrow type of a plain numeric column", async () => {
    const file = path.join(dir, "types.arrow");
    await writeFrameCache(file, frame());
    const back = (await readFrameCache(file))!;
    expect(back.numbers.outcome).toBeInstanceOf(Uint8Array);
    expect(back.numbers.user_order_seq).toBeInstanceOf(Int16Array);
    expect(back.numbers.discount_pct).toBeInstanceOf(Float32Array);
    expect(back.numbers.normalised_price).toBeInstanceOf(Float64Array);
  });

  it("answers null for a missing, damaged or foreign file, so the frame is parsed again", async () => {
    expect(await readFrameCache(path.join(dir, "missing.arrow"))).toBeNull();
    const damaged = path.join(dir, "damaged.arrow");
    fs.writeFileSync(damaged, "not an arrow file");
    expect(await readFrameCache(damaged)).toBeNull();
    const good = path.join(dir, "truncated.arrow");
    await writeFrameCache(good, frame());
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(good, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await readFrameCache(good)).toBeNull();
    // A frame without a fingerprint cannot key results: not reused.
    const unfingerprinted = path.join(dir, "unfingerprinted.arrow");
    await writeFrameCache(unfingerprinted, { ...frame(), source: { ...source, fingerprint: "" } });
    expect(await readFrameCache(unfingerprinted)).toBeNull();
  });

  it("keys the cache file by the path and identity of the data file", async () => {
    const a = frameCachePath(dir, source);
    expect(path.dirname(a)).toBe(dir);
    expect(path.basename(a)).toMatch(/^frame-[0-9a-f]{20}\.arrow$/);
    expect(frameCachePath(dir, { ...source })).toBe(a);
    expect(frameCachePath(dir, { ...source, identity: "1:2:1234:1600000000001:1600000000001" })).not.toBe(a);
    expect(frameCachePath(dir, { ...source, path: "/data/other.csv" })).not.toBe(a);
    // Without an identity the size and mtime stand for it.
    const noIdentity = { ...source, identity: undefined };
    expect(frameCachePath(dir, noIdentity)).not.toBe(frameCachePath(dir, { ...noIdentity, mtimeMs: source.mtimeMs + 1 }));
  });

  it("replaces an existing cache file whole", async () => {
    const file = path.join(dir, "replaced.arrow");
    fs.writeFileSync(file, "old");
    await writeFrameCache(file, frame());
    expect((await readFrameCache(file))?.rowCount).toBe(3);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});
