"use client";

import { usePlot } from "../charts/use-plot";
import { shareChart } from "../charts/share-chart";
import { DataTable } from "@/components/ui/data-table";
import { formatPercent } from "@/lib/format";

/** ROC curve with the chance diagonal. */
export function RocChart({ points, auc }: { points: { fpr: number; tpr: number; threshold: number }[]; auc: number }) {
  const chart = usePlot(
    (Plot, w) =>
      Plot.plot({
        ...shareChart(w, { maxWidth: 420, height: 360 }, { x: "False positive rate →", y: "↑ True positive rate" }),
        marks: [
          Plot.line([[0, 0], [1, 1]], { stroke: "#cbd5e1", strokeDasharray: "4,3" }),
          Plot.line(points, { x: "fpr", y: "tpr", stroke: "#1d4ed8", strokeWidth: 2 }),
          Plot.tip(points, Plot.pointer({ x: "fpr", y: "tpr", title: (d) => `threshold ${d.threshold.toPrecision(3)}\nFPR ${formatPercent(d.fpr, 1)}\nTPR ${formatPercent(d.tpr, 1)}` })),
        ],
        ariaLabel: `ROC curve, area ${auc.toFixed(3)}`,
      }),
    [points, auc],
    420,
  );
  return <div {...chart} data-testid="roc-chart" tabIndex={0} role="img" aria-label={`ROC curve with area under the curve ${auc.toFixed(3)}`} />;
}

/** Reliability diagram: observed purchase rate against mean predicted probability per bin. */
export function CalibrationChart({ bins }: { bins: { probPred: number; probTrue: number; count: number }[] }) {
  const chart = usePlot((Plot, w) => {
    const max = Math.max(0.05, ...bins.map((b) => Math.max(b.probPred, b.probTrue))) * 1.05;
    return Plot.plot({
      width: Math.min(420, w),
      height: 360,
      marginLeft: 48,
      x: { domain: [0, max], label: "Mean predicted probability →" },
      y: { domain: [0, max], label: "↑ Observed purchase rate", grid: true },
      r: { range: [3, 12] },
      marks: [
        Plot.line([[0, 0], [max, max]], { stroke: "#cbd5e1", strokeDasharray: "4,3" }),
        Plot.line(bins, { x: "probPred", y: "probTrue", stroke: "#1d4ed8" }),
        Plot.dot(bins, { x: "probPred", y: "probTrue", r: "count", fill: "#1d4ed8", fillOpacity: 0.6 }),
        Plot.tip(bins, Plot.pointer({ x: "probPred", y: "probTrue", title: (d) => `predicted ${d.probPred.toFixed(3)}\nobserved ${d.probTrue.toFixed(3)}\n${d.count.toLocaleString("en-US")} rows` })),
      ],
      ariaLabel: "Calibration plot",
    });
  }, [bins], 420);
  return (
    <div className="space-y-2">
      <div {...chart} data-testid="calibration-chart" tabIndex={0} role="img" aria-label="Calibration: observed purchase rate against predicted probability; the diagonal is perfect calibration" />
      <DataTable
        testId="calibration-table"
        size="xs"
        cellGap="pr-3"
        columns={[
          { label: "Mean predicted", numeric: true },
          { label: "Observed", numeric: true },
          { label: "Rows", numeric: true },
        ]}
      >
        {bins.map((b, i) => (
          <tr key={i} className="border-b border-slate-100">
            <td className="pr-3 text-right">{b.probPred.toFixed(4)}</td>
            <td className="pr-3 text-right">{b.probTrue.toFixed(4)}</td>
            <td className="text-right">{b.count.toLocaleString("en-US")}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

/** Coefficients on standardized features, sorted by size, coloured by sign. */
export function CoefficientsChart({ coefficients }: { coefficients: { feature: string; coef: number; label: string }[] }) {
  const chart = usePlot((Plot, w) => {
    const data = [...coefficients].sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef));
    return Plot.plot({
      width: Math.min(860, w),
      height: Math.max(200, data.length * 16 + 60),
      marginLeft: Math.min(260, Math.round(w * 0.42)),
      x: { label: "Coefficient on the standardized feature (log-odds per standard deviation) →", grid: true },
      y: { label: null, domain: data.map((d) => d.feature) },
      color: { domain: ["raises the score", "lowers the score", "zero"], range: ["#15803d", "#b91c1c", "#94a3b8"], legend: true },
      marks: [
        Plot.barX(data, { x: "coef", y: "feature", fill: (d) => (d.coef > 0 ? "raises the score" : d.coef < 0 ? "lowers the score" : "zero") }),
        Plot.ruleX([0]),
        Plot.tip(data, Plot.pointerY({ x: "coef", y: "feature", title: (d) => `${d.feature}\n${d.label}\ncoefficient ${d.coef.toPrecision(4)}` })),
      ],
      ariaLabel: "Coefficients by feature",
    });
  }, [coefficients], 860);
  return <div {...chart} data-testid="coefficients-chart" tabIndex={0} role="img" aria-label="Bar chart of coefficients by feature, green raises and red lowers the purchase score" />;
}
