/**
 * The frame of a chart whose two coordinates are shares in [0, 1] (ROC, precision–recall): the width
 * it may take up to `maxWidth`, percent ticks on both axes and a horizontal grid.
 */
export function shareChart(w: number, size: { maxWidth: number; height: number }, labels: { x: string; y: string }) {
  return {
    width: Math.min(size.maxWidth, w),
    height: size.height,
    marginLeft: 48,
    x: { domain: [0, 1], label: labels.x, tickFormat: "%" },
    y: { domain: [0, 1], label: labels.y, tickFormat: "%", grid: true },
  };
}
