import { ParameterError } from "./errors";

/**
 * The penalty parameters' rules, shared by the solver (resolveLogisticOptions) and the browser's
 * new-experiment form, which imports this module alone so its bundle carries no solver.
 */

import { PENALTIES, type Penalty } from "./penalties";

export const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Checks penalty, C (default 1) and l1Ratio; returns C and the L1 share r. Throws ParameterError. */
export function checkPenaltyParameters(options: { penalty: Penalty; C?: number; l1Ratio?: number }): { C: number; l1Ratio: number } {
  const { penalty } = options;
  if (!PENALTIES.includes(penalty)) throw new ParameterError("penalty", `one of ${PENALTIES.map((p) => `"${p}"`).join(", ")}`, penalty);

  const C = options.C ?? 1;
  if (!isFiniteNumber(C) || C <= 0) throw new ParameterError("C", "a finite number > 0", options.C);

  let l1Ratio = penalty === "l1" ? 1 : 0;
  if (penalty === "elasticnet") {
    if (!isFiniteNumber(options.l1Ratio) || options.l1Ratio < 0 || options.l1Ratio > 1) {
      throw new ParameterError("l1Ratio", 'a number in [0, 1] when penalty is "elasticnet"', options.l1Ratio);
    }
    l1Ratio = options.l1Ratio;
  } else if (options.l1Ratio !== undefined && (!isFiniteNumber(options.l1Ratio) || options.l1Ratio < 0 || options.l1Ratio > 1)) {
    throw new ParameterError("l1Ratio", "a number in [0, 1] (it is only used by elasticnet)", options.l1Ratio);
  }
  return { C, l1Ratio };
}
