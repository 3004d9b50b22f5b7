import { numberColumn, type FeatureFrame } from "../../data/feature-frame";
import type { BaselineSpec } from "../definitions/definition";

/**
 * Scores of the baselines, rules with no fitted model:
 * - global_popularity: the product's popularity. It is the same for every customer at a given time,
 *   so it cannot rank the customers for one product's campaign.
 * - ordered_before_then_popularity: customers who ordered the product before first, then by the
 *   product's popularity. Within one product it ranks customers by their own history, the use the
 *   model is for, so it is the stronger bar.
 */
export function baselineScores(frame: FeatureFrame, score: BaselineSpec["score"], rows: Uint32Array): Float64Array {
  const popularity = numberColumn(frame, "global_popularity");
  const out = new Float64Array(rows.length);
  if (score === "global_popularity") {
    for (let k = 0; k < rows.length; k++) out[k] = popularity[rows[k]];
    return out;
  }
  const orderedBefore = numberColumn(frame, "ordered_before");
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < rows.length; k++) {
    const p = popularity[rows[k]];
    if (p < min) min = p;
    if (p > max) max = p;
  }
  // ordered_before · step + popularity with step above popularity's range: lexicographic order.
  const step = rows.length ? max - min + 1 : 1;
  for (let k = 0; k < rows.length; k++) out[k] = (orderedBefore[rows[k]] > 0 ? step : 0) + popularity[rows[k]];
  return out;
}
