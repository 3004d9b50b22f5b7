/**
 * Iso-F-beta contours for a precision–recall chart: the precision at which F_beta equals `f` for a
 * given recall. Solving F = (1+β²)PR / (β²P + R) for P gives P = F·R / ((1+β²)R − β²F); a point
 * exists only where that denominator is positive and P lands in [0, 1].
 */
export interface IsoFPoint {
  recall: number;
  precision: number;
  f: number;
}

export function precisionForFBeta(f: number, recall: number, beta: number): number | null {
  const beta2 = beta * beta;
  const denominator = (1 + beta2) * recall - beta2 * f;
  if (!(denominator > 0)) return null;
  const precision = (f * recall) / denominator;
  return precision >= 0 && precision <= 1 ? precision : null;
}

/** The contour of F_beta = f sampled at `samples` recalls in (0, 1]. */
export function isoFBetaCurve(f: number, beta: number, samples = 200): IsoFPoint[] {
  const out: IsoFPoint[] = [];
  for (let k = 1; k <= samples; k++) {
    const recall = k / samples;
    const precision = precisionForFBeta(f, recall, beta);
    if (precision !== null) out.push({ recall, precision, f });
  }
  return out;
}
