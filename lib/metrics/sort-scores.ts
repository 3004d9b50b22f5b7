/**
 * Sorting scores together with their 0/1 labels, fast. Sorting an index array with a comparator is
 * slow in JavaScript and even a native `Float64Array.prototype.sort` is several times slower than this
 * value-range bucket sort (figures: bench/README.md, "Designs tried"):
 *
 * 1. Top level: rows are scattered into ~n/1024 buckets by the linear map
 *    b = floor((s − min) · buckets / (max − min)). Floating-point subtraction of a constant, multiplication
 *    by a positive constant and floor are all monotonic, so the buckets are in order relative to each
 *    other. Few buckets keep the scatter pass cache-friendly.
 * 2. Each bucket (small enough to stay in cache) is bucket-sorted again with as many sub-buckets as
 *    rows, recursively (bounded depth); a segment whose scores are all equal needs no work (heavy ties
 *    are cheap); segments of ≤ 16 rows use insertion sort.
 * 3. Fallback at the depth limit: the segment's scores are sorted natively and so, separately, are the
 *    positives' scores; walking the two in step restores how many of each distinct score are positive
 *    (the order among equal scores does not matter to any metric).
 *
 * Typical score distributions make this O(n); the worst case is O(n log n) through the native sort.
 */

const INSERTION_SORT_MAX = 16;
const TOP_LEVEL_BUCKET_SIZE = 1024;
const MAX_DEPTH = 3;

export interface SortedScores {
  /** The scores in ascending order (-0 normalised to +0). */
  scores: Float64Array;
  /** labels[i] is 1 when scores[i] belongs to a positive row. Order among equal scores is unspecified. */
  labels: Uint8Array;
}

/** What travels with each score: its 0/1 label (sortScoresWithLabels) or a 32-bit payload (sortScoresWithPayload). */
type Carried = Uint8Array | Uint32Array;

/** Working space reused by the recursive passes: a copy of the segment being redistributed. */
interface Scratch {
  values: Float64Array;
  labels: Carried;
}

/**
 * Sort finite `scores` ascending, carrying the 0/1 `labels` along. The caller must have checked that
 * the scores are finite and the labels 0/1 (see validate.ts).
 */
export function sortScoresWithLabels(scores: ArrayLike<number>, labels: ArrayLike<number>): SortedScores {
  const { scores: sorted, carried } = bucketSortCarrying(scores, labels, new Uint8Array(scores.length));
  return { scores: sorted, labels: carried };
}

/**
 * Sort finite `scores` ascending, carrying a 32-bit payload per row (the bootstrap's ranking carries
 * each row's label and order in it, so it never reads a row out of score order). The same bucket
 * sort; at the depth limit a segment is sorted through an index array (the payloads differ, so the
 * labels' counting trick does not apply). −0 becomes +0; order among equal scores is unspecified.
 */
export function sortScoresWithPayload(scores: ArrayLike<number>, payload: Uint32Array): { scores: Float64Array; payload: Uint32Array } {
  const { scores: sorted, carried } = bucketSortCarrying(scores, payload, new Uint32Array(scores.length));
  return { scores: sorted, payload: carried };
}

/** The bucket sort of both entry points: `carry[i]` goes along with `scores[i]` into `out`. */
function bucketSortCarrying<C extends Carried>(scores: ArrayLike<number>, carry: ArrayLike<number>, out: C): { scores: Float64Array; carried: C } {
  const n = scores.length;
  const sorted = new Float64Array(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (n <= INSERTION_SORT_MAX || !(range > 0) || range === Infinity) {
    // Tiny or constant input, or an infinite range (|scores| near 1.8e308) that cannot be bucketed.
    for (let i = 0; i < n; i++) {
      sorted[i] = scores[i] + 0; // -0 + 0 === +0
      out[i] = carry[i];
    }
    if (range > 0) sortByComparison(sorted, out, 0, n);
    return { scores: sorted, carried: out };
  }
  const buckets = Math.ceil(n / TOP_LEVEL_BUCKET_SIZE);
  const bound = distribute(scores, carry, 0, n, min, range, buckets, sorted, out, 0);
  let largest = 0;
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, bound[b + 1] - bound[b]);
  const scratchCarried = out instanceof Uint32Array ? new Uint32Array(largest) : new Uint8Array(largest);
  const scratch: Scratch = { values: new Float64Array(largest), labels: scratchCarried };
  for (let b = 0; b < buckets; b++) sortSegment(sorted, out, bound[b], bound[b + 1], scratch, 1);
  return { scores: sorted, carried: out };
}

/**
 * Scatter rows [srcStart, srcEnd) of (srcValues, srcLabels) into dst from dstStart on, grouped by
 * bucket floor((v − min) · buckets / range) (clamped to the last bucket). Returns bucket boundaries
 * relative to dstStart: bucket b occupies [dstStart + bound[b], dstStart + bound[b + 1]).
 */
function distribute(
  srcValues: ArrayLike<number>,
  srcLabels: ArrayLike<number>,
  srcStart: number,
  srcEnd: number,
  min: number,
  range: number,
  buckets: number,
  dstValues: Float64Array,
  dstLabels: Carried,
  dstStart: number,
): Uint32Array {
  const last = buckets - 1;
  const scale = buckets / range;
  const bound = new Uint32Array(buckets + 1);
  for (let i = srcStart; i < srcEnd; i++) {
    const b = Math.floor((srcValues[i] - min) * scale);
    bound[b < last ? b : last]++;
  }
  let total = 0;
  for (let b = 0; b < buckets; b++) {
    total += bound[b];
    bound[b] = total; // one past the end of bucket b, counted down by the scatter below
  }
  bound[buckets] = total;
  for (let i = srcEnd - 1; i >= srcStart; i--) {
    const v = srcValues[i];
    const b = Math.floor((v - min) * scale);
    const position = dstStart + --bound[b < last ? b : last];
    dstValues[position] = v + 0; // -0 + 0 === +0
    dstLabels[position] = srcLabels[i];
  }
  return bound;
}

/** Sort values[start, end) ascending, keeping each distinct value's number of positive labels. */
function sortSegment(
  values: Float64Array,
  labels: Carried,
  start: number,
  end: number,
  scratch: Scratch,
  depth: number,
): void {
  const m = end - start;
  if (m <= INSERTION_SORT_MAX) {
    insertionSort(values, labels, start, end);
    return;
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return; // all tied: already "sorted"
  if (depth >= MAX_DEPTH || m > scratch.values.length) {
    sortByComparison(values, labels, start, end);
    return;
  }
  scratch.values.set(values.subarray(start, end));
  scratch.labels.set(labels.subarray(start, end));
  const bound = distribute(scratch.values, scratch.labels, 0, m, min, max - min, m, values, labels, start);
  for (let b = 0; b < m; b++) {
    const size = bound[b + 1] - bound[b];
    if (size > 1) sortSegment(values, labels, start + bound[b], start + bound[b + 1], scratch, depth + 1);
  }
}

function insertionSort(values: Float64Array, labels: Carried, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const v = values[i];
    const label = labels[i];
    let j = i - 1;
    while (j >= start && values[j] > v) {
      values[j + 1] = values[j];
      labels[j + 1] = labels[j];
      j--;
    }
    values[j + 1] = v;
    labels[j + 1] = label;
  }
}

/**
 * Sort values[start, end) with the native typed-array sort; the positives' values are sorted
 * separately and merged back to give each distinct value its count of 1 labels.
 */
function sortByComparison(values: Float64Array, labels: Carried, start: number, end: number): void {
  if (labels instanceof Uint32Array) {
    sortPayloadsByComparison(values, labels, start, end);
    return;
  }
  let positives = 0;
  for (let i = start; i < end; i++) positives += labels[i];
  const segment = values.subarray(start, end);
  if (positives === 0 || positives === end - start) {
    segment.sort();
    return;
  }
  const positiveValues = new Float64Array(positives);
  for (let i = start, k = 0; i < end; i++) if (labels[i] === 1) positiveValues[k++] = values[i];
  segment.sort();
  positiveValues.sort();
  // Walking both ascending, each distinct value takes as many 1 labels as it has positive copies.
  let k = 0;
  for (let i = start; i < end; i++) {
    if (k < positives && positiveValues[k] === values[i]) {
      labels[i] = 1;
      k++;
    } else {
      labels[i] = 0;
    }
  }
}

/** Sort values[start, end) with their payloads through an index array (the depth-limit fallback of sortScoresWithPayload). */
function sortPayloadsByComparison(values: Float64Array, payload: Uint32Array, start: number, end: number): void {
  const m = end - start;
  const segmentValues = values.slice(start, end);
  const segmentPayload = payload.slice(start, end);
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => segmentValues[a] - segmentValues[b]);
  for (let i = 0; i < m; i++) {
    values[start + i] = segmentValues[order[i]];
    payload[start + i] = segmentPayload[order[i]];
  }
}
