/** Binary cross-entropy, as scikit-learn 1.2's `log_loss`. */
import { CompensatedSum } from "./compensated-sum";
import { MetricInputError } from "./errors";
import { checkLabelsAndProbabilities } from "./validate";

export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 − eps] before taking logs. Default: Number.EPSILON
   * (2.22e-16), scikit-learn 1.2's eps="auto" for float64 input.
   */
  eps?: number;
}

/**
 * Log loss = −(1/n) Σ_i [ y_i · log q_i + (1 − y_i) · log(1 − q_i) ], where p_i is clipped to
 * [eps, 1 − eps] and, as scikit-learn does, the pair (1 − p_i, p_i) is renormalised by its sum:
 * q_i = p_i / ((1 − p_i) + p_i). yProb must lie in [0, 1] (MetricInputError otherwise; scikit-learn
 * would silently clip). A single-class yTrue is scored as usual (as scikit-learn with labels=[0, 1]).
 */
export function logLoss(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: LogLossOptions = {}): number {
  const eps = options.eps ?? Number.EPSILON;
  if (!(eps >= 0 && eps < 0.5)) throw new MetricInputError("eps", `eps must be in [0, 0.5), got ${String(eps)}`);
  checkLabelsAndProbabilities(yTrue, yProb);
  const upper = 1 - eps;
  const sum = new CompensatedSum();
  for (let i = 0; i < yTrue.length; i++) {
    let p = yProb[i];
    if (p < eps) p = eps;
    else if (p > upper) p = upper;
    const q = 1 - p;
    const total = q + p;
    sum.add(-Math.log((yTrue[i] === 1 ? p : q) / total));
  }
  return sum.value / yTrue.length;
}
