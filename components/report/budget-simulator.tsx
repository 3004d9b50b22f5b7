"use client";

import { useMemo, useState } from "react";
import { expectedCustomersAtRandom, expectedPurchasesAtRandom } from "@/lib/report/random-sending";
import type { BudgetPoint } from "@/lib/report/selected-model";
import { usePlot } from "../charts/use-plot";
import { formatPercent } from "@/lib/format";
import { DataTable } from "@/components/ui/data-table";

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
  /** Popularity and the past-purchase baseline, each with its label. */
  baselines: { label: string; curve: BudgetPoint[] }[];
  pushesAtThreshold: number;
  /** Distinct customers with a purchase in the test days. */
  buyingCustomers: number;
  /** `[b]` = buying customers with exactly b purchased test rows (random sending's expected reach). */
  buyersByPurchaseCount: number[];
}

/**
 * Section 5: choose pushes per day and read the share of pushes that lead to a purchase and the
 * buyers reached, for the model, for the two baselines (popularity; ordered before, then popularity)
 * and for sending at random.
 */
export function BudgetSimulator(props: BudgetSimulatorProps) {
  const { testDays, candidateRows, positives, model, baselines, buyingCustomers, buyersByPurchaseCount } = props;
  const perDayMax = Math.max(1, Math.floor(candidateRows / testDays));
  const steps = 200;
  const toPerDay = (k: number) => Math.max(1, Math.round(Math.exp((k / steps) * Math.log(perDayMax))));
  // The slider opens at the operating threshold's exact number of pushes (the answer's figures), not at a
  // rounded budget; once moved it chooses whole pushes per day.
  const operatingPerDay = props.pushesAtThreshold / testDays;
  const operatingStep = Math.round((Math.log(Math.max(1, operatingPerDay)) / Math.log(perDayMax)) * steps) || 0;
  const [k, setK] = useState<number | null>(null);
  const atOperatingPoint = k === null && props.pushesAtThreshold >= 1;
  const perDay = atOperatingPoint ? operatingPerDay : toPerDay(k ?? operatingStep);
  const total = atOperatingPoint ? props.pushesAtThreshold : perDay * testDays;
  const perDayText = Number.isInteger(perDay) ? perDay.toLocaleString("en-US") : perDay.toLocaleString("en-US", { maximumFractionDigits: 1 });
  const m = at(model, total);
  const atBudget = baselines.map((b) => ({ label: b.label, point: at(b.curve, total) }));
  const randomPrecision = positives / candidateRows;
  // Random sending has no single outcome: its purchases and customers are the expected values of a random draw of `total` rows.
  const randomPurchases = expectedPurchasesAtRandom(positives, candidateRows, total);
  const randomCustomers = expectedCustomersAtRandom(buyersByPurchaseCount, candidateRows, total);

  const series = useMemo(() => {
    const rows: { perDay: number; value: number; series: string }[] = [];
    for (const p of model) rows.push({ perDay: p.pushes / testDays, value: p.precision, series: "model: share of pushes that buy" }, { perDay: p.pushes / testDays, value: p.recall, series: "model: share of purchases reached" });
    for (const b of baselines) for (const p of b.curve) rows.push({ perDay: p.pushes / testDays, value: p.precision, series: `${b.label}: share of pushes that buy` });
    return rows.filter((r) => r.perDay >= 1);
  }, [model, baselines, testDays]);
  const domain = ["model: share of pushes that buy", "model: share of purchases reached", ...baselines.map((b) => `${b.label}: share of pushes that buy`)];

  const chart = usePlot(
    (Plot, w) =>
      Plot.plot({
        width: Math.min(860, w),
        height: 300,
        marginLeft: 50,
        x: { type: "log", label: "Pushes per day (log scale) →" },
        y: { domain: [0, 1], label: "↑ Share", tickFormat: "%", grid: true },
        color: { legend: true, domain, range: ["#1d4ed8", "#54a24b", "#94a3b8", "#b45309"] },
        marks: [
          Plot.line(series, { x: "perDay", y: "value", stroke: "series", sort: "perDay", curve: "step-after" }),
          Plot.ruleY([randomPrecision], { stroke: "#b91c1c", strokeDasharray: "3,3" }),
          Plot.ruleX([perDay], { stroke: "#0f172a" }),
          Plot.tip(series, Plot.pointer({ x: "perDay", y: "value", stroke: "series", title: (d) => `${d.series}\n${Math.round(d.perDay)} pushes/day: ${formatPercent(d.value, 1)}` })),
        ],
        ariaLabel: "Precision and reach against the push budget",
      }),
    [series, perDay, randomPrecision, domain.join()],
    860,
  );

  return (
    <div className="space-y-3" data-testid="budget-simulator">
      <label className="flex max-w-xl flex-col text-sm">
        <span data-testid="budget-chosen">
          Pushes per day: <strong data-testid="budget-per-day">{perDayText}</strong> ({total.toLocaleString("en-US")} over the {testDays} test days
          {atOperatingPoint ? ", the operating threshold's pushes" : ""})
        </span>
        <input className="no-print" type="range" min={0} max={steps} value={k ?? operatingStep} onChange={(e) => setK(Number(e.target.value))} aria-label="Pushes per day" data-testid="budget-slider" />
      </label>
      <div>
        <DataTable
          testId="budget-table"
          caption={`At ${perDayText} pushes per day, on the ${testDays} test days`}
          cellGap="pr-6"
          columns={[
            { key: "sender", label: "" },
            { label: "Pushes that lead to a purchase", numeric: true },
            { label: "Purchases reached", numeric: true },
            { label: "Customers who bought, reached", numeric: true },
          ]}
        >
          <tr className="border-b border-slate-100">
            <th scope="row" className="pr-6 text-left">The model</th>
            <td className="pr-6 text-right" data-testid="budget-model-precision">{formatPercent(m.precision, 1)}</td>
            <td className="pr-6 text-right" data-testid="budget-model-reach">
              {Math.round(m.recall * positives).toLocaleString("en-US")} of {positives.toLocaleString("en-US")} ({formatPercent(m.recall, 1)})
            </td>
            <td className="text-right" data-testid="budget-model-customers">
              {m.customers.toLocaleString("en-US")} of {buyingCustomers.toLocaleString("en-US")}
            </td>
          </tr>
          {atBudget.map(({ label, point }) => (
            <tr key={label} className="border-b border-slate-100" data-testid="budget-baseline">
              <th scope="row" className="pr-6 text-left font-normal">Baseline: {label}</th>
              <td className="pr-6 text-right">{formatPercent(point.precision, 1)}</td>
              <td className="pr-6 text-right">{Math.round(point.recall * positives).toLocaleString("en-US")} ({formatPercent(point.recall, 1)})</td>
              <td className="text-right">{point.customers.toLocaleString("en-US")}</td>
            </tr>
          ))}
          <tr>
            <th scope="row" className="pr-6 text-left font-normal">At random</th>
            <td className="pr-6 text-right">{formatPercent(randomPrecision, 1)}</td>
            <td className="pr-6 text-right" data-testid="budget-random-reach">
              ≈ {Math.round(randomPurchases).toLocaleString("en-US")} ({formatPercent(randomPurchases / positives, 1)})
            </td>
            <td className="text-right" data-testid="budget-random-customers">
              ≈ {Math.round(randomCustomers).toLocaleString("en-US")}
            </td>
          </tr>
        </DataTable>
        <p className="mt-1 text-xs text-slate-500" data-testid="budget-random-note">
          ≈ At random: the expected numbers when the {total.toLocaleString("en-US")} pushes go to test rows drawn at random — {(randomPrecision * 100).toFixed(1)}% of them
          lead to a purchase, and a customer with k purchases is reached unless none of those k rows is drawn.
        </p>
      </div>
      <figure>
        <div {...chart} data-testid="budget-chart" tabIndex={0} role="img" aria-label="Share of pushes that lead to a purchase and share of buyers reached against pushes per day" />
        <figcaption className="text-sm text-slate-500">Test days. The dashed red line is the purchase rate when sending at random; the vertical line is the chosen budget.</figcaption>
      </figure>
    </div>
  );
}
