import type { ExperimentResult } from "../results/result";

/**
 * A fitted model whose coefficients are all zero scores every row with the same probability (the
 * intercept alone): it cannot put one customer before another, so its curves and threshold mean nothing.
 */
export function ranksNobody(coef: ArrayLike<number>): boolean {
  for (let j = 0; j < coef.length; j++) if (coef[j] !== 0) return false;
  return true;
}

/** True for a logistic-regression result whose fitted model ranks nobody (never for a baseline). */
export function isDegenerateResult(result: ExperimentResult): boolean {
  return result.model !== null && ranksNobody(result.model.coef);
}
