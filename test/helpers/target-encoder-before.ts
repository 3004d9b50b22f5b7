import type { DictionaryColumn } from "../../lib/data/feature-frame";
import { categoryRecord, categoryTotals } from "../../lib/features/category-stats";
import { applyTargetEncoder, orderFold, type TargetEncoderState } from "../../lib/features/target-encoder";

/**
 * The cross-fit as it was before the one-pass fold statistics (lib/features/target-encoder.ts at
 * 535eb9d): per fold, the in-fold and out-of-fold row lists, the out-of-fold prior and category
 * totals over those rows, then the fold's rows encoded with them. Kept as the reference the one-pass
 * version must equal bit for bit. One change: the fold index is 16-bit here (it was a byte, which
 * wrapped past 256 folds and mixed folds 0 and 256).
 */
export function crossFitBefore(
  column: DictionaryColumn,
  target: ArrayLike<number>,
  orderIds: ArrayLike<number>,
  trainRows: Uint32Array,
  folds: number,
  smoothing: number,
): Float64Array {
  const mean = (rows: Uint32Array) => {
    let sum = 0;
    for (let k = 0; k < rows.length; k++) sum += target[rows[k]];
    return rows.length ? sum / rows.length : 0;
  };
  const trainValues = new Float64Array(trainRows.length);
  const foldOf = new Uint16Array(trainRows.length);
  const foldSizes = new Float64Array(folds);
  for (let k = 0; k < trainRows.length; k++) foldSizes[(foldOf[k] = orderFold(orderIds[trainRows[k]], folds))]++;
  for (let f = 0; f < folds; f++) {
    const inFold = new Uint32Array(foldSizes[f]);
    const outOfFold = new Uint32Array(trainRows.length - foldSizes[f]);
    const positions = new Uint32Array(foldSizes[f]);
    let a = 0;
    let b = 0;
    for (let k = 0; k < trainRows.length; k++) {
      if (foldOf[k] === f) {
        positions[a] = k;
        inFold[a++] = trainRows[k];
      } else outOfFold[b++] = trainRows[k];
    }
    const foldPrior = mean(outOfFold);
    const totals = categoryTotals(column, outOfFold, target);
    const foldState: TargetEncoderState = {
      kind: "target",
      column: "reference",
      crossFit: true,
      folds,
      smoothing,
      prior: foldPrior,
      means: categoryRecord([...totals].map(([value, { count, sum }]) => [value, (sum + smoothing * foldPrior) / (count + smoothing)] as const)),
    };
    const values = new Float64Array(inFold.length);
    applyTargetEncoder(foldState, column, inFold, values);
    for (let j = 0; j < values.length; j++) trainValues[positions[j]] = values[j];
  }
  return trainValues;
}
