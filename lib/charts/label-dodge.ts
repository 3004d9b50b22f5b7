/**
 * Direct labels that never overlap: moves the labels' positions apart along one axis so any two are
 * at least `gap` apart, each as close to its own value as it can be (labels keep their order), and
 * within [min, max] when there is room. Returns the positions in the order of `values`.
 * Hand-written because Observable Plot has no label-collision option (its dodge transforms replace a
 * mark's position instead of nudging it).
 */
export function dodgeLabels(values: readonly number[], gap: number, min = -Infinity, max = Infinity): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const n = order.length;
  if (n === 0) return [];
  // Clusters of labels that touch are centred on their members' mean, then merged while they overlap
  // (the classic one-dimensional placement that minimises the squared displacement).
  const clusters: { start: number; count: number; centre: number }[] = [];
  for (let k = 0; k < n; k++) {
    clusters.push({ start: k, count: 1, centre: order[k].v });
    while (clusters.length > 1) {
      const b = clusters[clusters.length - 1];
      const a = clusters[clusters.length - 2];
      const aTop = a.centre + ((a.count - 1) * gap) / 2;
      const bBottom = b.centre - ((b.count - 1) * gap) / 2;
      if (bBottom - aTop >= gap) break;
      const count = a.count + b.count;
      // Evenly spaced members closest to their values (least squares) are centred on the values' mean.
      const centre = order.slice(a.start, a.start + count).reduce((s, o) => s + o.v, 0) / count;
      clusters.splice(clusters.length - 2, 2, { start: a.start, count, centre });
    }
  }
  const positions = new Array<number>(n);
  for (const c of clusters) {
    const span = (c.count - 1) * gap;
    let bottom = c.centre - span / 2;
    // Keep inside the axis when the whole cluster fits.
    if (span <= max - min) bottom = Math.min(Math.max(bottom, min), max - span);
    for (let k = 0; k < c.count; k++) positions[order[c.start + k].i] = bottom + k * gap;
  }
  // Clamping can push a cluster into its neighbour: one pass upwards and one downwards restore the gap.
  const sorted = order.map((o) => o.i);
  for (let k = 1; k < n; k++) positions[sorted[k]] = Math.max(positions[sorted[k]], positions[sorted[k - 1]] + gap);
  if (positions[sorted[n - 1]] > max && (n - 1) * gap <= max - min) {
    positions[sorted[n - 1]] = max;
    for (let k = n - 2; k >= 0; k--) positions[sorted[k]] = Math.min(positions[sorted[k]], positions[sorted[k + 1]] - gap);
  }
  return positions;
}
