/**
 * The customer simulation behind the synthetic feature frame.
 *
 * 1. Orders: `orders` timestamps over the period (growing volume), each assigned to a new customer
 *    or to a returning one whose next order is due; new customers already have 1+ earlier orders
 *    (the frame, like the real one, starts at each customer's second order: user_order_seq >= 2).
 * 2. Purchases: each customer's orders (the unwritten earlier ones, then the frame's) are walked in
 *    time order, keeping per-customer state: what they bought and when (ordered_before,
 *    days_since_purchase_*), abandoned baskets, items set as regular and snoozed.
 *    In each order every variant on sale gets a purchase probability from a latent logistic model
 *        logit p = a_order + log(popularity) + user-variant affinity + product-type/vendor effects
 *                  + household fit + price/discount + state effects (ordered_before, abandoned_before,
 *                  set_as_regular, active_snoozed, time since last purchase vs usual cycle)
 *    where a_order is solved so that the expected number of items bought afresh (before the history
 *    lifts) equals an order-level basket size, Gamma distributed so that ~25 % of orders have fewer
 *    than 5 items, as in the real data. The history lifts come on top: loyal baskets are larger.
 * 3. The written global_popularity is a noisy measurement of the latent popularity: the share of
 *    orders in a trailing window (of the real business's size) that bought the variant, with a
 *    persistent per-variant bias (it is measured over all shoppers, not just these customers).
 *
 * The result is kept in compact typed arrays indexed by (frame order, variant) so the CSV can then be
 * written in variant blocks.
 */
import { type Catalogue, buildCatalogue } from "./catalogue";
import { PERIOD_DAYS, SECONDS_PER_DAY, dayIndex, orderTimes } from "./calendar";
import { Random } from "./random";

// ---- Model constants (tuned against the statistics in shared/dataset.md) -------------------------

/** Probability that an order slot goes to a customer new to the frame. */
const NEW_CUSTOMER_SHARE = 0.55;
/** A returning customer may be up to this many days early for their next order. */
const DUE_SLACK_DAYS = 7;
/** Highest user_order_seq in the real file: such customers stop coming back. */
const MAX_ORDER_SEQ = 21;
/** Mean basket size (expected purchased variants per order) and its Gamma shape. */
const BASKET_MEAN = 7.3;
const BASKET_SHAPE = 2.9;
/** Spread of the hidden customer x variant taste. */
const AFFINITY_SD = 0.7;
const EFFECT_ORDERED_BEFORE = 1.7;
const EFFECT_ABANDONED_BEFORE = 3.0;
const EFFECT_REGULAR = 1.5;
const EFFECT_SNOOZED = -1.0;
const EFFECT_DISCOUNT = 0.15;
const EFFECT_LOG_PRICE = -0.05;
/** Chance that a customer abandoned a basket since their previous order, and its mean size. */
const ABANDON_RATE = 0.1;
const ABANDON_EXTRA_ITEMS = 1.2;
/** Chance that buying a variant makes the customer set it as a regular. */
const SET_REGULAR_RATE = 0.17;
/** Chance that a regular is snoozed for a given order. */
const SNOOZE_RATE = 0.6;
/**
 * Share of product-type purchases that the days_since_purchase_product_type feature sees (the real
 * column is imputed with 30 on >= 75 % of rows, far more than customers' histories would explain).
 */
const TYPE_HISTORY_RECORDED = 0.5;
/** days_since_* are imputed when there is no purchase within this many days. */
const DAYS_SINCE_HORIZON = 148;
export const IMPUTED_DAYS = 255;

// Bits of the per-row flag byte.
export const FLAG_AVAILABLE = 1;
export const FLAG_OUTCOME = 2;
export const FLAG_ORDERED_BEFORE = 4;
export const FLAG_ABANDONED_BEFORE = 8;
export const FLAG_ACTIVE_SNOOZED = 16;
export const FLAG_SET_AS_REGULAR = 32;

export interface Household {
  adults: number;
  children: number;
  babies: number;
  pets: number;
}

export interface Customer {
  id: number;
  household: Household;
  /** Orders before the frame's first (>= 1). */
  earlierOrders: number;
}

export interface Simulation {
  catalogue: Catalogue;
  orderCount: number;
  variantCount: number;
  /** Frame orders in time order. */
  orderSeconds: Float64Array;
  orderIds: Float64Array;
  orderCustomer: Int32Array;
  orderSeq: Int32Array;
  customers: Customer[];
  /** Per (order, variant), index `order * variantCount + variant`: FLAG_* bits. */
  flags: Uint8Array;
  /** days_since_purchase_variant_id per row (IMPUTED_DAYS when imputed). */
  daysSinceVariant: Uint8Array;
  /** days_since_purchase_product_type per row (IMPUTED_DAYS when imputed). */
  daysSinceType: Uint8Array;
  /** global_popularity column value per (variant, day), index `variant * PERIOD_DAYS + day`. */
  popularity: Float64Array;
  /** Rows of the frame (available (order, variant) pairs). */
  rows: number;
}

interface CustomerPlan {
  household: Household;
  meanGapDays: number;
  retention: number;
  basketFactor: number;
  earlierOrders: number;
  frameOrders: number[];
}

function drawHousehold(rng: Random): Household {
  // Most customers never filled in the household survey: their counts are imputed (2 adults, none else).
  if (!rng.bernoulli(0.07)) return { adults: 2, children: 0, babies: 0, pets: 0 };
  const adults = 1 + rng.weighted([24, 56, 10, 7, 3]);
  const children = rng.weighted([62, 17, 15, 6]);
  const babies = rng.bernoulli(0.04) ? 1 : 0;
  const pets = rng.weighted([30, 24, 18, 12, 8, 5, 3]);
  return { adults, children, babies, pets };
}

/** Assign frame orders to customers: new ones, or returning ones whose next order is due. */
function planCustomers(rng: Random, times: Float64Array): CustomerPlan[] {
  const plans: CustomerPlan[] = [];
  const due: number[] = []; // next due time per plan index, NaN once churned
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    let best = -1;
    if (!rng.bernoulli(NEW_CUSTOMER_SHARE)) {
      let bestDue = t + DUE_SLACK_DAYS * SECONDS_PER_DAY;
      for (let c = 0; c < due.length; c++) {
        if (due[c] <= bestDue) {
          bestDue = due[c];
          best = c;
        }
      }
    }
    if (best < 0) {
      // A loyal core of long-standing customers; most are on their second order.
      const loyal = rng.bernoulli(0.13);
      const earlierOrders = loyal ? Math.min(15, 2 + Math.floor(rng.gamma(1.1, 1.8))) : 1;
      plans.push({
        household: drawHousehold(rng),
        meanGapDays: Math.min(70, Math.max(7, (loyal ? 18 : 28) * Math.exp(0.45 * rng.normal()))),
        retention: loyal ? 0.8 : 0.62,
        basketFactor: Math.exp(0.3 * rng.normal() - 0.045),
        earlierOrders,
        frameOrders: [],
      });
      due.push(NaN);
      best = plans.length - 1;
    }
    const plan = plans[best];
    plan.frameOrders.push(k);
    const seq = plan.earlierOrders + plan.frameOrders.length + 1;
    due[best] = seq < MAX_ORDER_SEQ && rng.bernoulli(plan.retention)
      ? t + Math.max(2, rng.gamma(2, plan.meanGapDays / 2)) * SECONDS_PER_DAY
      : NaN;
  }
  return plans;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Offset a such that sum_i sigmoid(a + eta_i) = target (Newton with a bounded step). */
function solveOffset(eta: Float64Array, count: number, target: number): number {
  let sumExp = 0;
  for (let i = 0; i < count; i++) sumExp += Math.exp(eta[i]);
  let a = Math.log(target / sumExp);
  for (let iter = 0; iter < 40; iter++) {
    let s = 0;
    let ds = 0;
    for (let i = 0; i < count; i++) {
      const p = sigmoid(a + eta[i]);
      s += p;
      ds += p * (1 - p);
    }
    const step = (s - target) / ds;
    a -= Math.max(-2, Math.min(2, step));
    if (Math.abs(s - target) < 1e-7 * target) break;
  }
  return a;
}

export function simulate(options: { orders: number; seed: number }): Simulation {
  const { orders, seed } = options;
  if (!Number.isSafeInteger(orders) || orders < 1) throw new RangeError(`orders must be a positive integer, got ${orders}`);
  const root = Random.fromSeed(seed);
  const catalogue = buildCatalogue(root.stream(1));
  const timesRng = root.stream(2);
  const customerRng = root.stream(3);
  const purchaseRng = root.stream(4);
  const popularityRng = root.stream(5);
  const idRng = root.stream(6);

  const variants = catalogue.variants;
  const V = variants.length;
  const D = PERIOD_DAYS;

  // ---- Latent popularity per (variant, day) and its measured column value ----------------------
  const logPopularity = new Float64Array(V * D);
  const popularity = new Float64Array(V * D);
  for (let v = 0; v < V; v++) {
    const base = Math.log(variants[v].popularity);
    let wobble = 0;
    for (let d = 0; d < D; d++) {
      wobble = 0.9 * wobble + 0.06 * popularityRng.normal();
      const lp = base + variants[v].drift * ((d - D / 2) / D) + wobble;
      logPopularity[v * D + d] = lp;
      // Orders in the trailing window at the real business's scale.
      const windowOrders = Math.round(650 + 2300 * (d / (D - 1)));
      const share = Math.min(0.42, Math.exp(lp) * variants[v].popularityBias);
      popularity[v * D + d] = Math.min(0.425, popularityRng.poisson(share * windowOrders) / windowOrders);
    }
  }

  // ---- Orders and customers --------------------------------------------------------------------
  const orderSeconds = orderTimes(timesRng, orders);
  const plans = planCustomers(customerRng, orderSeconds);

  // Earlier (unwritten) orders of each customer, going back from their first frame order.
  const earlierTimes: number[][] = plans.map((plan) => {
    const ts: number[] = [];
    let t = orderSeconds[plan.frameOrders[0]];
    for (let i = 0; i < plan.earlierOrders; i++) {
      t -= Math.max(1, customerRng.gamma(2, plan.meanGapDays / 2)) * SECONDS_PER_DAY;
      ts.push(t);
    }
    return ts.reverse();
  });

  // Ids: customers by first-ever order, orders by time.
  const customerOrder = plans.map((_, i) => i).sort((a, b) => earlierTimes[a][0] - earlierTimes[b][0] || a - b);
  const customers: Customer[] = new Array(plans.length);
  let customerId = 3482464092292 + 4 * idRng.int(0, 1_000_000);
  for (const i of customerOrder) {
    customers[i] = { id: customerId, household: plans[i].household, earlierOrders: plans[i].earlierOrders };
    customerId += 4 * idRng.int(20_000_000, 380_000_000);
  }
  const orderIds = new Float64Array(orders);
  let orderId = 2807985930372 + 4 * idRng.int(0, 1_000_000);
  for (let k = 0; k < orders; k++) {
    orderIds[k] = orderId;
    orderId += 4 * idRng.int(15_000_000, 105_000_000);
  }
  const orderCustomer = new Int32Array(orders);
  const orderSeq = new Int32Array(orders);
  plans.forEach((plan, c) => {
    plan.frameOrders.forEach((k, j) => {
      orderCustomer[k] = c;
      orderSeq[k] = plan.earlierOrders + 1 + j;
    });
  });

  // ---- Static parts of the purchase log-odds --------------------------------------------------
  const typeOf = new Int32Array(V);
  const staticEta = new Float64Array(V);
  let meanLogPrice = 0;
  for (const v of variants) meanLogPrice += Math.log(v.price) / V;
  variants.forEach((v, i) => {
    typeOf[i] = v.productType;
    staticEta[i] =
      catalogue.productTypes[v.productType].effect +
      catalogue.vendors[v.vendor].effect +
      EFFECT_LOG_PRICE * (Math.log(v.price) - meanLogPrice) +
      EFFECT_DISCOUNT * v.discountPct;
  });
  const T = catalogue.productTypes.length;
  const cycleDays = variants.map((v) => v.avgDays);

  // ---- Purchases ------------------------------------------------------------------------------
  const flags = new Uint8Array(orders * V);
  const daysSinceVariant = new Uint8Array(orders * V);
  const daysSinceType = new Uint8Array(orders * V);

  const baseEta = new Float64Array(V);
  const lastBought = new Float64Array(V); // day index, NaN = never
  const state = new Uint8Array(V); // FLAG_ORDERED_BEFORE | FLAG_ABANDONED_BEFORE | FLAG_SET_AS_REGULAR
  const lastBoughtType = new Float64Array(T);
  const householdFit = new Float64Array(T);
  const eta = new Float64Array(V);
  const history = new Float64Array(V);
  const index = new Int32Array(V);
  const snoozed = new Uint8Array(V);
  const weights = new Float64Array(V);
  let rows = 0;

  for (let c = 0; c < plans.length; c++) {
    const plan = plans[c];
    const h = plan.household;
    for (let t = 0; t < T; t++) {
      const tag = catalogue.productTypes[t].tag;
      householdFit[t] =
        tag === "baby" ? (h.babies > 0 ? 1.5 : -0.1) :
        tag === "pet" ? (h.pets > 0 ? 1.0 : -0.1) :
        tag === "kids" ? (h.children > 0 ? 0.6 : -0.1) :
        tag === "alcohol" ? 0.1 * (h.adults - 2) : 0;
    }
    for (let v = 0; v < V; v++) {
      baseEta[v] = staticEta[v] + householdFit[typeOf[v]] + AFFINITY_SD * purchaseRng.normal();
    }
    lastBought.fill(NaN);
    lastBoughtType.fill(NaN);
    state.fill(0);

    const schedule = earlierTimes[c].map((t) => ({ t, frame: -1 }));
    for (const k of plan.frameOrders) schedule.push({ t: orderSeconds[k], frame: k });

    for (let s = 0; s < schedule.length; s++) {
      const { t, frame } = schedule[s];
      const day = dayIndex(t);
      const popDay = Math.max(0, Math.min(D - 1, day));

      // Variants on sale, and this order's snoozes.
      let n = 0;
      for (let v = 0; v < V; v++) {
        const variant = variants[v];
        if (variant.firstDay > day || variant.lastDay < day) continue;
        index[n] = v;
        snoozed[v] = state[v] & FLAG_SET_AS_REGULAR && purchaseRng.bernoulli(SNOOZE_RATE) ? 1 : 0;
        eta[n] = baseEta[v] + logPopularity[v * D + popDay];
        let lift = 0;
        const st = state[v];
        if (st & FLAG_ORDERED_BEFORE) {
          lift += EFFECT_ORDERED_BEFORE;
          // Due again around the usual repurchase cycle; unlikely right after buying.
          const ratio = (day - lastBought[v]) / Math.max(7, cycleDays[v]);
          lift += ratio < 0.25 ? -0.6 : ratio < 1.6 ? 0.3 : 0;
        }
        if (st & FLAG_SET_AS_REGULAR) lift += EFFECT_REGULAR;
        if (snoozed[v]) lift += EFFECT_SNOOZED;
        if (st & FLAG_ABANDONED_BEFORE) lift += EFFECT_ABANDONED_BEFORE;
        history[n] = lift;
        n++;
      }

      // A basket abandoned since the previous order: its items are remembered from now on.
      if (s > 0 && purchaseRng.bernoulli(ABANDON_RATE)) {
        let total = 0;
        for (let i = 0; i < n; i++) {
          total += weights[i] = state[index[i]] & FLAG_ABANDONED_BEFORE ? 0 : Math.exp(eta[i] + history[i]);
        }
        const items = 1 + purchaseRng.poisson(ABANDON_EXTRA_ITEMS);
        for (let j = 0; j < items && total > 0; j++) {
          const i = purchaseRng.weighted(weights.subarray(0, n), total);
          total -= weights[i];
          weights[i] = 0;
          state[index[i]] |= FLAG_ABANDONED_BEFORE;
          history[i] += EFFECT_ABANDONED_BEFORE;
        }
      }

      // The basket size fixes the offset for items bought afresh; the history lifts (repeat buys,
      // regulars, abandoned baskets) come on top, so loyal customers' baskets are somewhat larger.
      const basket = Math.min(n * 0.5, plan.basketFactor * purchaseRng.gamma(BASKET_SHAPE, BASKET_MEAN / BASKET_SHAPE));
      const offset = solveOffset(eta, n, Math.max(0.05, basket));

      const base = frame >= 0 ? frame * V : -1;
      const bought: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = index[i];
        const outcome = purchaseRng.fast() < sigmoid(offset + eta[i] + history[i]);
        if (outcome) bought.push(v);
        if (base >= 0) {
          const st = state[v];
          flags[base + v] =
            FLAG_AVAILABLE |
            (outcome ? FLAG_OUTCOME : 0) |
            (st & (FLAG_ORDERED_BEFORE | FLAG_ABANDONED_BEFORE | FLAG_SET_AS_REGULAR)) |
            (snoozed[v] ? FLAG_ACTIVE_SNOOZED : 0);
          const sinceVariant = day - lastBought[v];
          daysSinceVariant[base + v] = sinceVariant <= DAYS_SINCE_HORIZON ? sinceVariant : IMPUTED_DAYS;
          const sinceType = day - lastBoughtType[typeOf[v]];
          daysSinceType[base + v] = sinceType <= DAYS_SINCE_HORIZON ? sinceType : IMPUTED_DAYS;
        }
      }
      if (base >= 0) rows += n;

      for (const v of bought) {
        lastBought[v] = day;
        if (lastBoughtType[typeOf[v]] !== day && purchaseRng.bernoulli(TYPE_HISTORY_RECORDED)) {
          lastBoughtType[typeOf[v]] = day;
        }
        state[v] |= FLAG_ORDERED_BEFORE;
        if (purchaseRng.bernoulli(SET_REGULAR_RATE)) state[v] |= FLAG_SET_AS_REGULAR;
      }
    }
  }

  return {
    catalogue,
    orderCount: orders,
    variantCount: V,
    orderSeconds,
    orderIds,
    orderCustomer,
    orderSeq,
    customers,
    flags,
    daysSinceVariant,
    daysSinceType,
    popularity,
    rows,
  };
}
