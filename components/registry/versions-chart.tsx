"use client";

import { usePlot } from "../charts/use-plot";

export interface VersionPoint {
  version: string;
  experimentId: string;
  split: "validation" | "test";
  ap: number;
}

/** Average precision of every registry version, on validation and on test. */
export function VersionsChart({ points }: { points: VersionPoint[] }) {
  const chart = usePlot(
    (Plot, w) =>
      Plot.plot({
        width: Math.min(860, w),
        height: 260,
        marginLeft: 50,
        marginBottom: 60,
        x: { label: "Version", domain: [...new Set(points.map((p) => p.version))], tickRotate: -20 },
        y: { label: "↑ Average precision", grid: true, zero: true },
        color: { domain: ["validation", "test"], range: ["#f58518", "#54a24b"], legend: true },
        marks: [
          Plot.line(points, { x: "version", y: "ap", stroke: "split", marker: "circle" }),
          Plot.tip(points, Plot.pointer({ x: "version", y: "ap", stroke: "split", title: (d: VersionPoint) => `${d.version}\n${d.experimentId}\n${d.split} AP ${d.ap.toFixed(4)}` })),
        ],
        ariaLabel: "Average precision by registry version",
      }),
    [points],
    860,
  );
  return <div {...chart} data-testid="versions-chart" tabIndex={0} role="img" aria-label="Validation and test average precision of each registry version" />;
}
