/**
 * Row indices ordered by score, by an LSD radix sort over the scores' IEEE-754 bits (four 16-bit
 * digits), an order of magnitude faster than a comparator sort of an index array (bench/README.md,
 * "Designs tried"). The row-weighted metrics (weightedRankingMetrics) take such an order; the
 * bootstrap's ranking no longer does (it carries labels and orders through the sort instead,
 * groupedRankingByScore, which measured faster than sorting indices and reading through them).
 */
export function indicesByScoreDescending(scores: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = scores[i] === 0 ? 0 : scores[i]; // -0 sorts as +0
  const words = new Uint32Array(values.buffer);
  // Map each double to an unsigned 64-bit key with the same order: flip the sign bit of positives,
  // all bits of negatives.
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    const l = words[2 * i];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  // The keys travel with the indices, so every pass reads its input sequentially (reading
  // key[order[k]] was a cache miss per row). The four digit
  // histograms come from one pass; a digit equal on every row is skipped.
  const counts = Array.from({ length: 4 }, () => new Uint32Array(65537));
  for (let i = 0; i < n; i++) {
    counts[0][(lo[i] & 0xffff) + 1]++;
    counts[1][(lo[i] >>> 16) + 1]++;
    counts[2][(hi[i] & 0xffff) + 1]++;
    counts[3][(hi[i] >>> 16) + 1]++;
  }
  let order = Uint32Array.from({ length: n }, (_, i) => i);
  let next = new Uint32Array(n);
  let keyLo = lo;
  let keyHi = hi;
  let nextLo = new Uint32Array(n);
  let nextHi = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const count = counts[pass];
    const shift = pass % 2 === 0 ? 0 : 16;
    let single = false;
    for (let d = 1; d <= 65536; d++) if (count[d] === n) single = true;
    if (single) continue;
    for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
    if (pass < 2) {
      for (let k = 0; k < n; k++) {
        const l = keyLo[k];
        const at = count[(l >>> shift) & 0xffff]++;
        next[at] = order[k];
        nextLo[at] = l;
        nextHi[at] = keyHi[k];
      }
      [keyLo, nextLo] = [nextLo, keyLo];
    } else {
      for (let k = 0; k < n; k++) {
        const h = keyHi[k];
        const at = count[(h >>> shift) & 0xffff]++;
        next[at] = order[k];
        nextHi[at] = h;
      }
    }
    [order, next] = [next, order];
    [keyHi, nextHi] = [nextHi, keyHi];
  }
  // Ascending and stable; reverse for descending (ties then come in descending index order, which no
  // metric depends on).
  return order.reverse();
}
