/**
 * What sending at random reaches: `pushes` of the `rows` candidate rows drawn uniformly without
 * replacement. Random sending has no single outcome, so these are expected values.
 *
 * A buying customer with b purchased rows is missed only when none of those rows is drawn, which
 * happens with probability C(rows − b, pushes) / C(rows, pushes) = Π_{i<b} (rows − pushes − i) / (rows − i)
 * (hypergeometric); by linearity of expectation the customers reached is the sum of 1 − that over
 * the buying customers.
 */

/** `histogram[b]` = how many customers have exactly b purchased rows (index 0 is ignored). */
export function purchaseCountHistogram(purchasesByCustomer: Iterable<number>): number[] {
  const histogram: number[] = [0];
  for (const b of purchasesByCustomer) {
    if (!Number.isInteger(b) || b < 1) continue;
    while (histogram.length <= b) histogram.push(0);
    histogram[b]++;
  }
  return histogram;
}

/** Probability that none of a customer's `b` purchased rows is among `pushes` rows drawn from `rows`. */
function missProbability(b: number, rows: number, pushes: number): number {
  if (pushes + b > rows) return 0;
  let p = 1;
  for (let i = 0; i < b; i++) p *= (rows - pushes - i) / (rows - i);
  return p;
}

/** Expected distinct buying customers reached by `pushes` rows drawn at random from `rows`. */
export function expectedCustomersAtRandom(histogram: readonly number[], rows: number, pushes: number): number {
  const n = Math.max(0, Math.min(rows, Math.floor(pushes)));
  if (rows <= 0 || n === 0) return 0;
  let expected = 0;
  for (let b = 1; b < histogram.length; b++) if (histogram[b] > 0) expected += histogram[b] * (1 - missProbability(b, rows, n));
  return expected;
}

/** Expected purchases among `pushes` rows drawn at random: pushes × the purchase rate. */
export function expectedPurchasesAtRandom(positives: number, rows: number, pushes: number): number {
  if (rows <= 0) return 0;
  return (Math.max(0, Math.min(rows, Math.floor(pushes))) * positives) / rows;
}
