/**
 * The synthetic product catalogue: 62 product types, 264 vendors and 976 variants, each variant with
 * a fixed product type, vendor, price, discount, latent popularity, repurchase-cycle statistics and an
 * availability window (some variants are launched or discontinued during the period).
 */
import { formatPythonFloat } from "../format-float";
import { PERIOD_DAYS } from "./calendar";
import type { Random } from "./random";

export const VARIANT_COUNT = 976;
export const VENDOR_COUNT = 264;

/** Product-type traits that shape how the simulated customers buy them. */
export type ProductTag = "baby" | "pet" | "kids" | "alcohol" | "none";

interface ProductTypeSeed {
  name: string;
  /** Relative number of variants in the catalogue. */
  size: number;
  /** Typical shelf price in pounds. */
  price: number;
  tag: ProductTag;
}

// 62 product types, lower-case without separators as in the real file.
const PRODUCT_TYPES: readonly ProductTypeSeed[] = [
  { name: "cleaningandhousehold", size: 9, price: 3.5, tag: "none" },
  { name: "tinspackagedfoods", size: 9, price: 1.8, tag: "none" },
  { name: "snacksconfectionery", size: 8, price: 2.2, tag: "none" },
  { name: "cookingingredientsandoils", size: 7, price: 3.0, tag: "none" },
  { name: "ricepastapulses", size: 7, price: 2.0, tag: "none" },
  { name: "condimentsdressings", size: 6, price: 2.4, tag: "none" },
  { name: "haircare", size: 6, price: 5.0, tag: "none" },
  { name: "longlifemilksubstitutes", size: 5, price: 1.9, tag: "none" },
  { name: "cereal", size: 5, price: 3.2, tag: "none" },
  { name: "softdrinksmixers", size: 5, price: 2.5, tag: "none" },
  { name: "skincare", size: 5, price: 7.0, tag: "none" },
  { name: "dishwashingdetergent", size: 4, price: 3.0, tag: "none" },
  { name: "toiletrollkitchenroll", size: 3, price: 6.0, tag: "none" },
  { name: "washingliquidgel", size: 3, price: 7.0, tag: "none" },
  { name: "washingpowder", size: 2, price: 8.0, tag: "none" },
  { name: "washingcapsules", size: 3, price: 8.5, tag: "none" },
  { name: "fabricconditionerfreshener", size: 3, price: 4.0, tag: "none" },
  { name: "homebaking", size: 4, price: 2.5, tag: "none" },
  { name: "biscuitscrackers", size: 4, price: 1.8, tag: "none" },
  { name: "spreads", size: 3, price: 3.0, tag: "none" },
  { name: "jamhoneypreserves", size: 2, price: 3.2, tag: "none" },
  { name: "tea", size: 4, price: 3.0, tag: "none" },
  { name: "coffee", size: 4, price: 5.0, tag: "none" },
  { name: "juicesquash", size: 3, price: 2.2, tag: "none" },
  { name: "bottledwater", size: 2, price: 2.0, tag: "none" },
  { name: "beer", size: 3, price: 6.0, tag: "alcohol" },
  { name: "wine", size: 3, price: 9.0, tag: "alcohol" },
  { name: "spirits", size: 2, price: 22.0, tag: "alcohol" },
  { name: "cider", size: 1, price: 5.5, tag: "alcohol" },
  { name: "premixedcocktails", size: 1, price: 4.0, tag: "alcohol" },
  { name: "dental", size: 4, price: 3.5, tag: "none" },
  { name: "deodorant", size: 3, price: 4.0, tag: "none" },
  { name: "bathshowergel", size: 3, price: 3.5, tag: "none" },
  { name: "handsoapsanitisers", size: 3, price: 3.0, tag: "none" },
  { name: "facialskincare", size: 3, price: 9.0, tag: "none" },
  { name: "shavinggrooming", size: 2, price: 6.0, tag: "none" },
  { name: "femininecare", size: 3, price: 3.5, tag: "none" },
  { name: "suncare", size: 1, price: 9.0, tag: "none" },
  { name: "adultincontinence", size: 1, price: 8.0, tag: "none" },
  { name: "nappies", size: 3, price: 11.0, tag: "baby" },
  { name: "nappypants", size: 2, price: 11.0, tag: "baby" },
  { name: "babytoiletries", size: 3, price: 4.0, tag: "baby" },
  { name: "babyfood6months", size: 3, price: 1.5, tag: "baby" },
  { name: "babyfood12months", size: 2, price: 1.5, tag: "baby" },
  { name: "babymilkformula", size: 1, price: 12.0, tag: "baby" },
  { name: "babyaccessories", size: 1, price: 6.0, tag: "baby" },
  { name: "maternity", size: 1, price: 8.0, tag: "baby" },
  { name: "catfood", size: 4, price: 5.0, tag: "pet" },
  { name: "dogfood", size: 4, price: 7.0, tag: "pet" },
  { name: "petcare", size: 2, price: 5.0, tag: "pet" },
  { name: "kidssnacks", size: 2, price: 2.5, tag: "kids" },
  { name: "nutsdriedfruitsseeds", size: 3, price: 3.5, tag: "none" },
  { name: "superfoodssupplements", size: 3, price: 9.0, tag: "none" },
  { name: "medicinestreatments", size: 2, price: 4.5, tag: "none" },
  { name: "bathroomlimescalecleaner", size: 2, price: 3.0, tag: "none" },
  { name: "allpurposecleaner", size: 2, price: 3.0, tag: "none" },
  { name: "kitchenovencleaning", size: 2, price: 3.5, tag: "none" },
  { name: "windowglasscleaner", size: 1, price: 3.0, tag: "none" },
  { name: "airfreshener", size: 2, price: 3.5, tag: "none" },
  { name: "binbags", size: 1, price: 3.0, tag: "none" },
  { name: "foodstorage", size: 2, price: 3.0, tag: "none" },
  { name: "pickledfoodolives", size: 2, price: 2.2, tag: "none" },
];

// Syllables for brand-like vendor names (lower-case letters only, so no CSV quoting is ever needed).
const VENDOR_HEADS = [
  "green", "eco", "bio", "pure", "wild", "sun", "fair", "good", "true", "kind", "little", "happy",
  "clear", "fresh", "honest", "simply", "natur", "terra", "oak", "river", "meadow", "hill", "north",
  "south", "blue", "red", "gold", "silver", "urban", "alpen", "nordic", "vital", "zest", "bloom",
  "moon", "star", "cloud", "leaf", "seed", "root",
];
const VENDOR_TAILS = [
  "vale", "field", "farm", "kitchen", "leaf", "wise", "co", "life", "nest", "grove", "home", "pantry",
  "works", "bee", "foods", "organics", "labs", "mill", "well", "spring", "craft", "garden", "tree",
  "planet", "days", "way", "care", "fox", "box", "joy",
];

export interface ProductType {
  name: string;
  tag: ProductTag;
  /** Small direct effect on the purchase log-odds (so product-type encodings add little). */
  effect: number;
  /** `avg_days_to_buy_product_type` / `std_days_to_buy_product_type`, preformatted. */
  avgDays: number;
  stdDays: number;
}

export interface Vendor {
  name: string;
  effect: number;
}

export interface Variant {
  id: number;
  productType: number;
  vendor: number;
  price: number;
  normalisedPrice: number;
  discountPct: number;
  /** Latent share of orders that buy it (before the daily drift). */
  popularity: number;
  /**
   * Persistent bias of the measured global_popularity against this variant's true share (the column
   * is measured over all shoppers, not just the customers modelled here); mean 1.
   */
  popularityBias: number;
  /** Log-popularity drift over the period (slope per period). */
  drift: number;
  avgDays: number;
  stdDays: number;
  /** First and last day index (inclusive) it is on sale; may extend beyond the period. */
  firstDay: number;
  lastDay: number;
}

export interface Catalogue {
  productTypes: ProductType[];
  vendors: Vendor[];
  /** In file order (the order of the variant blocks). */
  variants: Variant[];
}

/** Sample mean and (ddof = 1) standard deviation of `count` whole-day repurchase gaps. */
function gapStatistics(rng: Random, count: number, meanGap: number, shape: number): [number, number] {
  let sum = 0;
  let sumSq = 0;
  const gaps: number[] = [];
  for (let i = 0; i < count; i++) {
    const g = Math.min(180, Math.floor(rng.gamma(shape, meanGap / shape)));
    gaps.push(g);
    sum += g;
  }
  const mean = sum / count;
  for (const g of gaps) sumSq += (g - mean) * (g - mean);
  let std = Math.sqrt(sumSq / (count - 1));
  std = Math.max(Math.SQRT2, std); // whole-day gaps: report at least the spread of [0, 2]
  return [mean, std];
}

/** Round a price to the pence, ending like shelf prices (…9 pence). */
function shelfPrice(x: number): number {
  const tenths = Math.max(6, Math.round(x * 10));
  return Math.round(tenths * 10 - 1) / 100;
}

/** Split `total` into integer parts proportional to `weights`, each at least `min` (largest remainder). */
function apportion(total: number, weights: readonly number[], min: number): number[] {
  const n = weights.length;
  const free = total - min * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (free * w) / sum);
  const parts = exact.map((x) => min + Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k][1]]++;
  return parts;
}

export function buildCatalogue(rng: Random): Catalogue {
  if (PRODUCT_TYPES.length !== 62) throw new Error("catalogue must have 62 product types");

  // Product types: repurchase-cycle statistics from many simulated gaps.
  const productTypes: ProductType[] = PRODUCT_TYPES.map((p) => {
    const cycle = Math.min(39, Math.max(8, 32 + 4.5 * rng.normal()));
    const gaps = 6 + rng.poisson(40);
    const [avgDays, stdDays] = gapStatistics(rng, gaps, cycle, 1.3);
    return { name: p.name, tag: p.tag, effect: 0.06 * rng.normal(), avgDays: Math.min(39.5, avgDays), stdDays: Math.min(35.6, stdDays) };
  });

  // Variants per product type (at least 3 each), vendors per product type (at least 1 each).
  const sizeWeights = PRODUCT_TYPES.map((p) => p.size * rng.gamma(4, 0.25));
  const variantsPerType = apportion(VARIANT_COUNT, sizeWeights, 3);
  const vendorsPerType = apportion(
    VENDOR_COUNT,
    variantsPerType.map((n) => Math.pow(n, 0.85)),
    1,
  ).map((n, t) => Math.min(n, variantsPerType[t]));
  // Capping may have lost a few vendors: give them to the types with the most variants per vendor.
  let missing = VENDOR_COUNT - vendorsPerType.reduce((a, b) => a + b, 0);
  while (missing > 0) {
    let roomiest = 0;
    for (let t = 1; t < vendorsPerType.length; t++) {
      if (variantsPerType[t] / vendorsPerType[t] > variantsPerType[roomiest] / vendorsPerType[roomiest]) roomiest = t;
    }
    vendorsPerType[roomiest]++;
    missing--;
  }

  // Unique vendor names.
  const names = new Set<string>();
  while (names.size < VENDOR_COUNT) names.add(rng.pick(VENDOR_HEADS) + rng.pick(VENDOR_TAILS));
  const vendorNames = rng.shuffle([...names]);
  const vendors: Vendor[] = vendorNames.map((name) => ({ name, effect: 0.06 * rng.normal() }));

  // Variants: each vendor gets at least one variant of its home type; the rest go to the type's
  // vendors with Zipf-like weights, and a few to brands from other types.
  const drafts: { productType: number; vendor: number }[] = [];
  let vendorBase = 0;
  for (let t = 0; t < productTypes.length; t++) {
    const own = vendorsPerType[t];
    const weights = Array.from({ length: own }, (_, k) => 1 / (k + 1));
    for (let k = 0; k < variantsPerType[t]; k++) {
      let vendor: number;
      if (k < own) vendor = vendorBase + k;
      else if (rng.bernoulli(0.92)) vendor = vendorBase + rng.weighted(weights);
      else vendor = rng.int(0, VENDOR_COUNT - 1);
      drafts.push({ productType: t, vendor });
    }
    vendorBase += own;
  }

  // Latent popularity: log-normal, scaled to a mean share of ~1.1 % of orders, capped at 8 %. (The
  // measured column is noisier and reaches ~0.4 for a few variants; see `popularityBias`.)
  const rawPop = drafts.map(() => Math.exp(1.3 * rng.normal()));
  const meanRaw = rawPop.reduce((a, b) => a + b, 0) / rawPop.length;
  const popularity = rawPop.map((r) => Math.min(0.08, (0.0122 * r) / meanRaw));

  // Availability: most variants are on sale all period; some are launched or discontinued in it.
  const windows = drafts.map(() => {
    const r = rng.float();
    const inside = () => rng.int(8, PERIOD_DAYS - 8);
    if (r < 0.725) return [-10_000, 10_000];
    if (r < 0.88) return [inside(), 10_000];
    if (r < 0.98) return [-10_000, inside()];
    const a = rng.int(5, PERIOD_DAYS - 40);
    return [a, a + rng.int(25, 60)];
  });

  // Prices: product-type level times a log-normal spread, shelf-rounded; normalised by the dearest.
  const prices = drafts.map((d) => shelfPrice(PRODUCT_TYPES[d.productType].price * Math.exp(0.55 * rng.normal())));
  // The dearest price is set so that normalised prices average ~0.127, as in the real file.
  const meanPrice = prices.reduce((x, y) => x + y, 0) / prices.length;
  const dearest = shelfPrice(meanPrice / 0.127);
  const cheapest = 0.49;
  for (let i = 0; i < prices.length; i++) prices[i] = Math.min(dearest, prices[i]);
  prices[rng.int(0, prices.length - 1)] = dearest; // normalised_price reaches exactly 1
  prices[rng.int(0, prices.length - 1)] = cheapest;

  const variants: Variant[] = drafts.map((d, i) => {
    const price = Math.max(cheapest, prices[i]);
    // discount_pct = (compare_at_price - price) / price.
    const r = rng.float();
    let compareAt: number;
    if (r < 0.25) compareAt = price;
    else if (r < 0.28) compareAt = Math.max(0.5, price - Math.max(0.01, Math.round(price * rng.uniform(0.005, 0.04) * 100) / 100));
    else compareAt = shelfPrice(price * (1 + Math.min(1.33, rng.gamma(1.6, 0.165))));
    const discountPct = Math.min(1.33, Math.max(-0.04, (compareAt - price) / price));

    const pop = popularity[i];
    const cycle = Math.min(70, Math.max(10, 35 * Math.exp(0.22 * rng.normal())));
    const [avgDays, stdDays] = gapStatistics(rng, 4 + rng.poisson(8), cycle, 1.6);
    return {
      id: 0,
      productType: d.productType,
      vendor: d.vendor,
      price,
      normalisedPrice: price / dearest,
      discountPct,
      popularity: pop,
      popularityBias: Math.exp(0.7 * rng.normal() - 0.245),
      drift: 0.35 * rng.normal(),
      avgDays: Math.min(84, avgDays),
      stdDays: Math.min(58.7, stdDays),
      firstDay: windows[i][0],
      lastDay: windows[i][1],
    };
  });

  // Ids grow with launch date: variants on sale before the period get the smaller ids.
  const byLaunch = variants
    .map((v, i) => ({ v, key: v.firstDay < 0 ? rng.float() - 2 : v.firstDay, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i);
  let id = 33615294398596 + 4 * rng.int(0, 2_000_000);
  for (const { v } of byLaunch) {
    v.id = id;
    id += 4 * rng.int(25_000_000, 440_000_000);
  }

  // File order of the variant blocks: not sorted by id (as in the real file).
  return { productTypes, vendors, variants: rng.shuffle(variants) };
}

/** Repr strings of per-variant constants, used when writing rows. */
export function formatVariantConstants(v: Variant): { price: string; discount: string; avgDays: string; stdDays: string } {
  return {
    price: formatPythonFloat(v.normalisedPrice),
    discount: formatPythonFloat(v.discountPct),
    avgDays: formatPythonFloat(v.avgDays),
    stdDays: formatPythonFloat(v.stdDays),
  };
}
