import { formatDateTime } from "../../format";

/**
 * The period of the feature frame and when its orders are placed: 2020-10-05 to 2021-03-03
 * (150 calendar days, closed on Christmas Day, so 149 trading days), with order volume growing over
 * the period so that ~70 % of orders fall up to 2021-02-04 and ~90 % up to 2021-02-22, as in the
 * real file.
 */
import type { Random } from "./random";

/** 2020-10-05T00:00:00Z in seconds since the Unix epoch. */
export const PERIOD_START_SECONDS = Date.UTC(2020, 9, 5) / 1000;
/** Calendar days in the period (day indexes 0..149). */
export const PERIOD_DAYS = 150;
export const SECONDS_PER_DAY = 86_400;
/** 2020-12-25: no orders. */
export const CLOSED_DAY = 81;

/** Relative share of an order being placed in each hour of the day (UTC). */
const HOUR_WEIGHTS = [
  0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 2.8, 3.6, 4.0, 4.2, 4.3, 4.0, 3.8, 3.7, 3.9, 4.4, 5.2, 6.0, 6.2, 5.4,
  3.6, 1.6,
];

/** Relative daily order volume: a linear ramp (x ~9.7 over the period) with weekday and day noise. */
function dayWeights(rng: Random): number[] {
  const weights: number[] = [];
  for (let d = 0; d < PERIOD_DAYS; d++) {
    const weekday = (d + 0) % 7; // day 0 is a Monday
    const weekdayFactor = weekday === 5 ? 0.85 : weekday === 6 ? 1.1 : 1;
    const noise = Math.exp(0.18 * rng.normal());
    weights.push(d === CLOSED_DAY ? 0 : (1 + 0.058 * d) * weekdayFactor * noise);
  }
  return weights;
}

/**
 * `count` order timestamps (seconds since epoch), strictly increasing. Days are drawn by jittered
 * stratified sampling of the daily volume, so every day with at least two orders' worth of expected
 * volume gets an order (all 149 trading days at the default size); the time of day follows
 * `HOUR_WEIGHTS`.
 */
export function orderTimes(rng: Random, count: number): Float64Array {
  const weights = dayWeights(rng);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w) / total);

  const times = new Float64Array(count);
  let day = 0;
  for (let k = 0; k < count; k++) {
    const u = (k + rng.float()) / count;
    while (day < PERIOD_DAYS - 1 && cumulative[day] <= u) day++;
    const hour = rng.weighted(HOUR_WEIGHTS);
    const second = hour * 3600 + rng.int(0, 3599);
    times[k] = PERIOD_START_SECONDS + day * SECONDS_PER_DAY + second;
  }
  times.sort();
  // created_at is one value per order: make timestamps unique.
  for (let k = 1; k < count; k++) {
    if (times[k] <= times[k - 1]) times[k] = times[k - 1] + 1;
  }
  return times;
}

/** Day index of a timestamp relative to the period start (may be negative for earlier orders). */
export function dayIndex(seconds: number): number {
  return Math.floor((seconds - PERIOD_START_SECONDS) / SECONDS_PER_DAY);
}

export { formatDateTime };

/** `YYYY-MM-DD 00:00:00` of the day containing `seconds`. */
export function formatDate(seconds: number): string {
  return formatDateTime(Math.floor(seconds / SECONDS_PER_DAY) * SECONDS_PER_DAY);
}
