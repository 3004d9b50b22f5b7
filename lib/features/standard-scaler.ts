import type { DesignMatrix } from "../model/design-matrix";

/**
 * Standardisation as scikit-learn's StandardScaler: mean and population standard deviation (ddof 0)
 * from the training rows only; a constant column keeps scale 1 so it maps to 0, not NaN.
 */
export interface ScalerState {
  mean: number[];
  scale: number[];
}

export function fitStandardScaler(X: DesignMatrix): ScalerState {
  const { data, rows, cols } = X;
  const mean = new Float64Array(cols);
  const m2 = new Float64Array(cols);
  // Two passes (mean, then squared deviations) for accuracy on columns like 14-digit-scale counts.
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) mean[j] += data[base + j];
  }
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const d = data[base + j] - mean[j];
      m2[j] += d * d;
    }
  }
  const scale = Array.from(m2, (s) => {
    const std = Math.sqrt(s / rows);
    return std > 1e-12 ? std : 1;
  });
  return { mean: Array.from(mean), scale };
}

/** Standardises X in place. */
export function applyStandardScaler(state: ScalerState, X: DesignMatrix): void {
  const { data, rows, cols } = X;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) data[base + j] = (data[base + j] - state.mean[j]) / state.scale[j];
  }
}
