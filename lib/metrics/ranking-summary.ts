/**
 * Average precision and ROC-AUC together without sorting every row: only the positives' scores are
 * sorted, and each negative is counted into the gap between two distinct positive scores (or onto
 * one, a tie). That is all either metric needs: AP adds a term only at thresholds that hold a
 * positive, and the ROC area (in halves) is an exact integer, Σ over negatives of
 * 2 · #positives above + #positives tied. The numbers equal averagePrecision / rocAuc bit for bit
 * (tested); on the training rows, where positives are ≈ 1.4% of the rows, this replaces a sort of
 * every row (figures: bench/README.md, "Post-fit work").
 */
import { requireBothClasses, requirePositives } from "./binary-clf-curve";
import { CompensatedSum } from "./compensated-sum";
import { checkLabelsAndScores } from "./validate";

export function averagePrecisionAndRocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): { averagePrecision: number; rocAuc: number } {
  const positives = checkLabelsAndScores(yTrue, yScore);
  const n = yTrue.length;
  const counts = { positives, negatives: n - positives };
  requirePositives(counts, "Average precision");

  // The distinct positive scores, ascending, and how many positives hold each.
  const positiveScores = new Float64Array(positives);
  for (let i = 0, k = 0; i < n; i++) if (yTrue[i] === 1) positiveScores[k++] = yScore[i] + 0; // -0 + 0 === +0
  positiveScores.sort();
  let m = 0;
  const value = new Float64Array(positives);
  const multiplicity = new Float64Array(positives);
  for (let k = 0; k < positives; k++) {
    if (k === 0 || positiveScores[k] !== positiveScores[k - 1]) value[m++] = positiveScores[k];
    multiplicity[m - 1]++;
  }

  // Where a negative falls: a bucket of the score's leading bits (sign, exponent and the top of the
  // mantissa, as an order-preserving unsigned key: monotonic, so buckets are in score order) narrows
  // the binary search to the positives of one bucket. Leading bits space the buckets by relative size,
  // so they stay small where model scores crowd near 0; a linear map over [lowest, highest] put most
  // rows of the training scores into its first buckets (bench/README.md, "Designs tried").
  const lowest = value[0];
  const highest = value[m - 1];
  const keyLowest = orderedKey(lowest);
  const keyHighest = orderedKey(highest);
  let shift = 0;
  while (shift < 32 && (keyHighest >>> shift) - (keyLowest >>> shift) + 1 > 4 * m) shift++;
  const base = keyLowest >>> shift;
  const buckets = (keyHighest >>> shift) - base + 1;
  // bucketStart[b]: the first distinct value whose bucket is ≥ b.
  const bucketStart = new Uint32Array(buckets + 1).fill(m);
  for (let j = m - 1; j >= 0; j--) bucketStart[(orderedKey(value[j]) >>> shift) - base] = j;
  for (let b = buckets - 1; b >= 0; b--) if (bucketStart[b + 1] < bucketStart[b]) bucketStart[b] = bucketStart[b + 1];

  // below[j]: negatives strictly between value[j − 1] and value[j] (below[m]: above the highest);
  // tied[j]: negatives equal to value[j].
  const below = new Uint32Array(m + 1);
  const tied = new Uint32Array(m);
  for (let i = 0; i < n; i++) {
    if (yTrue[i] === 1) continue;
    const s = yScore[i] + 0; // -0 + 0 === +0, as the positives' scores
    if (s < lowest) {
      below[0]++;
      continue;
    }
    if (s > highest) {
      below[m]++;
      continue;
    }
    const b = (orderedKey(s) >>> shift) - base;
    // First distinct value ≥ s, within the bucket's values (all earlier ones are < s, later ones > s).
    let lo = bucketStart[b];
    let hi = bucketStart[b + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (value[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    if (lo < m && value[lo] === s) tied[lo]++;
    else below[lo]++;
  }

  // Thresholds in decreasing order, as averagePrecisionFromCounts and rocAucFromCounts walk them.
  const sum = new CompensatedSum();
  let tp = 0;
  let negativesAbove = below[m];
  let twiceArea = 0;
  let previousRecall = 0;
  for (let j = m - 1; j >= 0; j--) {
    twiceArea += below[j + 1] * 2 * tp; // the gap above value[j] (counted at its threshold)
    const fp = negativesAbove + tied[j];
    twiceArea += tied[j] * (2 * tp + multiplicity[j]);
    tp += multiplicity[j];
    const recall = tp / positives;
    sum.add((recall - previousRecall) * (tp / (tp + fp)));
    previousRecall = recall;
    negativesAbove = fp + below[j];
  }
  twiceArea += below[0] * 2 * tp;
  const averagePrecision = sum.value;
  requireBothClasses(counts, "ROC-AUC");
  return { averagePrecision, rocAuc: twiceArea / (2 * counts.negatives * counts.positives) };
}

const keyScratch = new Float64Array(1);
const keyWords = new Uint32Array(keyScratch.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: the high word is second

/**
 * The high 32 bits of a finite double as an unsigned key in the order of the values (non-decreasing:
 * values that differ only in the low mantissa bits share a key): negative values with every bit
 * flipped, others with the sign bit set. +0 only (callers add 0 to turn -0 into +0).
 */
function orderedKey(v: number): number {
  keyScratch[0] = v;
  const high = keyWords[HIGH_WORD];
  return (high & 0x80000000 ? ~high : high | 0x80000000) >>> 0;
}
