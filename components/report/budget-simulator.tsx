"use client";

import { useMemo, useState } from "react";
import type { BudgetPoint } from "@/lib/report/selected-model";
import { usePlot } from "../charts/use-plot";

/** Precision and recall at a number of pushes, read off a curve sorted by pushes (step interpolation). */
function at(curve: BudgetPoint[], pushes: number): BudgetPoint {
  let best = curve[0];
  for (const p of curve) if (p.pushes <= pushes) best = p;
  return best;
}

export interface BudgetSimulatorProps {
  testDays: number;
  candidateRows: number;
  positives: number;
  model: BudgetPoint[];
  baseline: BudgetPoint[];
  pushesAtThreshold: number;
}

/**
 * Section 5: choose pushes per day and read the share of pushes that lead to a purchase and the
 * buyers reached, for the model, for pushing the most popular products, and for sending at random.
 */
export function BudgetSimulator(props: BudgetSimulatorProps) {
  const { testDays, candidateRows, positives, model, baseline } = props;
  const perDayMax = Math.max(1, Math.floor(candidateRows / testDays));
  const steps = 200;
  const toPerDay = (k: number) => Math.max(1, Math.round(Math.exp((k / steps) * Math.log(perDayMax))));
  const initialPerDay = Math.max(1, Math.round(props.pushesAtThreshold / testDays));
  const [k, setK] = useState(() => Math.round((Math.log(initialPerDay) / Math.log(perDayMax)) * steps) || 0);
  const perDay = toPerDay(k);
  const total = perDay * testDays;
  const m = at(model, total);
  const b = at(baseline, total);
  const randomPrecision = positives / candidateRows;

  const series = useMemo(() => {
    const rows: { perDay: number; value: number; series: string }[] = [];
    for (const p of model) rows.push({ perDay: p.pushes / testDays, value: p.precision, series: "model: share of pushes that buy" }, { perDay: p.pushes / testDays, value: p.recall, series: "model: share of buyers reached" });
    for (const p of baseline) rows.push({ perDay: p.pushes / testDays, value: p.precision, series: "popularity: share of pushes that buy" });
    return rows.filter((r) => r.perDay >= 1);
  }, [model, baseline, testDays]);

  const ref = usePlot(
    (Plot) =>
      Plot.plot({
        width: 860,
        height: 300,
        marginLeft: 50,
        x: { type: "log", label: "Pushes per day (log scale) →" },
        y: { domain: [0, 1], label: "↑ Share", tickFormat: "%", grid: true },
        color: { legend: true, domain: ["model: share of pushes that buy", "model: share of buyers reached", "popularity: share of pushes that buy"], range: ["#1d4ed8", "#54a24b", "#94a3b8"] },
        marks: [
          Plot.line(series, { x: "perDay", y: "value", stroke: "series", sort: "perDay", curve: "step-after" }),
          Plot.ruleY([randomPrecision], { stroke: "#b91c1c", strokeDasharray: "3,3" }),
          Plot.ruleX([perDay], { stroke: "#0f172a" }),
          Plot.tip(series, Plot.pointer({ x: "perDay", y: "value", stroke: "series", title: (d) => `${d.series}\n${Math.round(d.perDay)} pushes/day: ${(d.value * 100).toFixed(1)}%` })),
        ],
        ariaLabel: "Precision and reach against the push budget",
      }),
    [series, perDay, randomPrecision],
  );

  return (
    <div className="space-y-3" data-testid="budget-simulator">
      <label className="no-print flex max-w-xl flex-col text-sm">
        <span>
          Pushes per day: <strong data-testid="budget-per-day">{perDay.toLocaleString("en-US")}</strong> ({total.toLocaleString("en-US")} over the {testDays} test days)
        </span>
        <input type="range" min={0} max={steps} value={k} onChange={(e) => setK(Number(e.target.value))} aria-label="Pushes per day" data-testid="budget-slider" />
      </label>
      <table className="text-sm tabular-nums" data-testid="budget-table">
        <thead className="border-b border-slate-300 text-left">
          <tr>
            <th scope="col" className="pr-6" />
            <th scope="col" className="pr-6 text-right">Pushes that lead to a purchase</th>
            <th scope="col" className="text-right">Buyers reached</th>
          </tr>
        </thead>
        <tbody>
          <tr className="border-b border-slate-100">
            <th scope="row" className="pr-6 text-left">The model</th>
            <td className="pr-6 text-right" data-testid="budget-model-precision">{(m.precision * 100).toFixed(1)}%</td>
            <td className="text-right" data-testid="budget-model-reach">
              {Math.round(m.recall * positives).toLocaleString("en-US")} of {positives.toLocaleString("en-US")} ({(m.recall * 100).toFixed(1)}%)
            </td>
          </tr>
          <tr className="border-b border-slate-100">
            <th scope="row" className="pr-6 text-left font-normal">Most popular products</th>
            <td className="pr-6 text-right">{(b.precision * 100).toFixed(1)}%</td>
            <td className="text-right">{Math.round(b.recall * positives).toLocaleString("en-US")} ({(b.recall * 100).toFixed(1)}%)</td>
          </tr>
          <tr>
            <th scope="row" className="pr-6 text-left font-normal">At random</th>
            <td className="pr-6 text-right">{(randomPrecision * 100).toFixed(1)}%</td>
            <td className="text-right">{Math.round(total * randomPrecision).toLocaleString("en-US")} ({((total * randomPrecision) / positives * 100).toFixed(1)}%)</td>
          </tr>
        </tbody>
      </table>
      <figure>
        <div ref={ref} data-testid="budget-chart" tabIndex={0} role="img" aria-label="Share of pushes that lead to a purchase and share of buyers reached against pushes per day" />
        <figcaption className="text-sm text-slate-500">Test days. The dashed red line is the purchase rate when sending at random; the vertical line is the chosen budget.</figcaption>
      </figure>
    </div>
  );
}
