import type { RunRecord } from "@/lib/experiments/queue/run-queue";
import { FamilyStatus } from "./family-status";
import Link from "next/link";
import { encodingDefinition } from "@/lib/features/encodings";
import type { ExperimentResult } from "@/lib/experiments/results/result";
import { describeGrid } from "@/lib/report/grid-summary";
import { triedExperiments } from "@/lib/report/tried-experiments";
import type { ExperimentIntervals } from "@/lib/experiments/results/result-intervals";
import type { Finding } from "@/lib/report/findings";
import type { ReportClaims } from "@/lib/report/report-claims";
import type { SelectedModelReport } from "@/lib/report/selected-model";
import type { Interval } from "@/lib/experiments/comparison/bootstrap";
import { testDaysStatement, type TestDaysUse } from "@/lib/registry/test-ledger";
import { formatPercent } from "@/lib/format";
import { Section } from "@/components/ui/section";
import { DataTable } from "@/components/ui/data-table";

/** A numbered section of the report. */
export function ReportSection({ id, number, title, children }: { id: string; number: number; title: string; children: React.ReactNode }) {
  return (
    <Section
      id={id}
      testId={`report-${id}`}
      className="prose-notebook space-y-3"
      headingClassName="text-2xl font-semibold"
      title={
        <>
          {number}. {title}
        </>
      }
    >
      {children}
    </Section>
  );
}


const BASELINE_LABEL: Record<string, string> = {
  global_popularity: "popularity",
  ordered_before_then_popularity: "ordered before, then popularity",
};

/** Section 2: the grid, with the best experiment of each encoding and the baseline. */
export function TriedSection({ results, intervals, pending }: { results: ExperimentResult[]; intervals: Record<string, ExperimentIntervals | null>; pending: boolean }) {
  const models = results.filter((r) => r.spec.kind === "logreg");
  return (
    <ReportSection id="tried" number={2} title="What we tried">
      {models.length === 0 ? (
        <p>
          No experiment has run on this data yet: run <code>npx pushlab run</code>.
        </p>
      ) : (
        <>
          <p data-testid="tried-summary">{describeGrid(results)}</p>
          <DataTable
            testId="tried-table"
            caption="Best experiment of each encoding, validation days (95% bootstrap interval of AP)"
            columns={[{ label: "Encoding" }, { label: "Best experiment" }, { label: "Average precision", numeric: true }, { label: "ROC-AUC", numeric: true }, { label: "Best F0.3", numeric: true }]}
          >
            {triedExperiments(results).map((r) => (
              <tr key={r.id} className="border-b border-slate-100">
                <th scope="row" className="pr-4 text-left font-normal">{r.spec.kind === "logreg" ? encodingDefinition(r.spec.encoding).label : `Baseline: ${BASELINE_LABEL[r.spec.score]}`}</th>
                <td className="pr-4">
                  <Link href={`/experiments/${encodeURIComponent(r.id)}`} className="font-mono text-xs text-blue-800 hover:underline">{r.id}</Link>
                </td>
                <td className="pr-4 text-right">
                  {r.validation.averagePrecision.toFixed(3)} <IntervalNote interval={intervals[r.id]?.averagePrecision ?? null} pending={pending} />
                </td>
                <td className="pr-4 text-right">{r.validation.rocAuc.toFixed(3)}</td>
                <td className="text-right">{r.validation.f03.toFixed(3)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </ReportSection>
  );
}

/** An AP interval beside its figure, or why there is none: still being resampled behind the app, or no stored scores. */
function IntervalNote({ interval, pending }: { interval: Interval | null; pending: boolean }) {
  if (!interval && pending) return <span className="text-xs text-slate-500" data-testid="interval-pending">(interval being computed)</span>;
  if (!interval) return <span className="text-xs text-slate-500" data-testid="interval-missing">(no stored scores to resample)</span>;
  return <span className="text-xs text-slate-500">({interval.low.toFixed(3)}–{interval.high.toFixed(3)})</span>;
}

/** The plain-words sentence of a finding when the findings carry one. */
function plainOf(f: Finding): string | null {
  const plain = (f as Finding & { plain?: unknown }).plain;
  return typeof plain === "string" && plain ? plain : null;
}

/** Section 3: generated findings, each with its verdict. */
export function FindingsSection({ findings, family, familyRun }: { findings: Finding[]; family: ReportClaims["family"]; familyRun?: RunRecord | null }) {
  return (
    <ReportSection id="findings" number={3} title="What worked, what did not, and why">
      <p>
        Each finding is computed from the stored results. A difference is called real only when its interval excludes zero.{" "}
        <span data-testid="family-sentence">{family.sentence}</span>
      </p>
      {family.computing && familyRun ? <FamilyStatus initial={familyRun} comparisons={family.comparisons} /> : null}
      <ul className="space-y-3" data-testid="findings">
        {findings.map((f) => (
          <li key={f.id} className="rounded-lg border border-slate-200 p-3" data-testid={`finding-${f.id}`}>
            <h3 className="font-semibold">
              {f.title}{" "}
              <span className={`ml-1 rounded px-1.5 text-xs font-normal ${f.verdict === "real" ? "bg-green-100 text-green-800" : f.verdict === "not distinguishable" ? "bg-slate-100 text-slate-700" : "bg-blue-50 text-blue-800"}`}>
                {f.verdict === "real" ? "real difference" : f.verdict === "not distinguishable" ? "not distinguishable" : "context"}
              </span>
              {f.borderline ? <span className="ml-1 rounded bg-amber-100 px-1.5 text-xs font-normal text-amber-800" data-testid="borderline">borderline</span> : null}
            </h3>
            {plainOf(f) ? (
              <>
                <p className="text-sm" data-testid="finding-plain">{plainOf(f)}</p>
                <p className="text-xs text-slate-500" data-testid="finding-technical">
                  <span className="font-medium">In detail:</span> {f.text}
                </p>
              </>
            ) : (
              <p className="text-sm">{f.text}</p>
            )}
          </li>
        ))}
      </ul>
    </ReportSection>
  );
}

function pct(x: number) {
  return formatPercent(x, 1);
}

/** Section 4: the active registry version, test next to validation, and what drives it. */
function withInterval(text: string, iv: Interval | undefined, format: (x: number) => string) {
  return iv && Number.isFinite(iv.low) ? `${text} [${format(iv.low)}, ${format(iv.high)}]` : text;
}

export function SelectedModelSection({ selected, testDays }: { selected: SelectedModelReport; testDays: TestDaysUse }) {
  const { version, metadata } = selected;
  // Versions written before the ledger have no intervals or held-out figures: shown without them.
  const ti = metadata.testIntervals;
  const heldOut = metadata.refit ? metadata.heldOutValidation : undefined;
  const fixed3 = (x: number) => x.toFixed(3);
  return (
    <ReportSection id="selected" number={4} title="The selected model">
      <p>
        The active model is registry version <strong className="font-mono" data-testid="selected-version">{version.version}</strong>, experiment{" "}
        <Link href={`/experiments/${encodeURIComponent(version.experimentId)}`} className="font-mono text-blue-800 hover:underline">{version.experimentId}</Link>, selected{" "}
        {version.createdAt.slice(0, 10)} by {version.actor}
        {metadata.refit ? ", refitted on training and validation days" : ""}
        {version.note ? ` (“${version.note}”)` : ""}. It pushes when the predicted purchase probability is at least {version.threshold.toPrecision(3)}
        {metadata.refit ? ", a threshold fixed on the validation figures of the train-only fit" : ", fixed on the validation days"}.{" "}
        <span data-testid="threshold-rule">
          {metadata.thresholdRule ?? `Its threshold's source is recorded as “${metadata.thresholdSource}”; this version was written before the rule that chose it was recorded.`}
        </span>
      </p>
      <p data-testid="test-days-statement" className={testDays.activeChosenBeforeTestDays ? "" : "rounded border border-amber-300 bg-amber-50 p-2"}>
        {testDaysStatement(testDays)}
      </p>
      <DataTable
        testId="selected-metrics"
        cellGap="pr-6"
        columns={[
          { key: "metric", label: "" },
          heldOut ? { label: "Validation, held out (train-only fit)", numeric: true } : null,
          { key: "validation", label: metadata.refit ? "Validation, in-sample (refit)" : "Validation", numeric: true },
          { key: "test", label: `Test${ti ? " [95% interval]" : ""}`, numeric: true },
        ]}
      >
        {[
          ["Average precision", heldOut?.averagePrecision.toFixed(3), metadata.validation.averagePrecision.toFixed(3), withInterval(metadata.test.averagePrecision.toFixed(3), ti?.averagePrecision, fixed3)],
          ["ROC-AUC", heldOut?.rocAuc.toFixed(3), metadata.validation.rocAuc.toFixed(3), withInterval(metadata.test.rocAuc.toFixed(3), ti?.rocAuc, fixed3)],
          ["Share of pushes that lead to a purchase (precision)", heldOut ? pct(heldOut.precision) : undefined, pct(metadata.validation.precision), withInterval(pct(metadata.test.precision), ti?.precision, pct)],
          ["Share of buyers reached (recall)", heldOut ? pct(heldOut.recall) : undefined, pct(metadata.validation.recall), withInterval(pct(metadata.test.recall), ti?.recall, pct)],
          ["F0.3", heldOut?.f03.toFixed(3), metadata.validation.f03.toFixed(3), withInterval(metadata.test.f03.toFixed(3), ti?.f03, fixed3)],
          ["Pushes at the threshold", heldOut?.pushes.toLocaleString("en-US"), metadata.validation.pushes.toLocaleString("en-US"), metadata.test.pushes.toLocaleString("en-US")],
        ].map(([name, h, v, t]) => (
          <tr key={name} className="border-b border-slate-100">
            <th scope="row" className="pr-6 text-left font-normal">{name}</th>
            {heldOut ? <td className="pr-6 text-right">{h}</td> : null}
            <td className="pr-6 text-right">{v}</td>
            <td className="text-right">{t}</td>
          </tr>
        ))}
      </DataTable>
      {selected.validationPopulations ? <PopulationsTable populations={selected.validationPopulations} threshold={version.threshold} /> : null}
      <p>What makes the model push a product to a customer, strongest first:</p>
      <ul className="list-disc pl-6 text-sm" data-testid="drivers">
        {selected.drivers.map((d) => (
          <li key={d.feature}>
            {d.label} — {d.coef > 0 ? "makes a push more likely" : "makes a push less likely"}
          </li>
        ))}
      </ul>
    </ReportSection>
  );
}

function PopulationsTable({ populations, threshold }: { populations: NonNullable<SelectedModelReport["validationPopulations"]>; threshold: number }) {
  const { filtered, all } = populations;
  const rows: [string, (p: typeof all) => string][] = [
    ["Orders", (p) => p.orders.toLocaleString("en-US")],
    ["Candidate rows", (p) => p.rows.toLocaleString("en-US")],
    ["Base rate (share of rows bought)", (p) => formatPercent(p.baseRate, 2)],
    ["Average precision", (p) => p.averagePrecision.toFixed(3)],
    ["ROC-AUC", (p) => p.rocAuc.toFixed(3)],
    [`Precision at threshold ${threshold.toPrecision(3)}`, (p) => pct(p.precision)],
    ["Recall at that threshold", (p) => pct(p.recall)],
    ["Pushes at that threshold", (p) => p.pushes.toLocaleString("en-US")],
  ];
  return (
    <>
      <p data-testid="filter-sentence">
        The model was judged on orders with at least 5 purchased items, but that filter counts the items an order turned out to contain, which is only
        known after the order is placed: at push time it cannot be applied, so the figures on all orders of the validation days are what to expect on
        every customer.
      </p>
      <DataTable
        testId="populations-table"
        caption="Validation days, the selected model"
        cellGap="pr-6"
        columns={[{ key: "measure", label: "" }, { label: "Orders with ≥ 5 items", numeric: true }, { label: "All orders", numeric: true }]}
      >
        {rows.map(([name, value]) => (
          <tr key={name} className="border-b border-slate-100">
            <th scope="row" className="pr-6 text-left font-normal">{name}</th>
            <td className="pr-6 text-right">{value(filtered)}</td>
            <td className="text-right">{value(all)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

export function NothingSelected({ number, title }: { number: number; title: string }) {
  return (
    <ReportSection id={`unselected-${number}`} number={number} title={title}>
      <p data-testid="nothing-selected">
        No model has been selected yet. Compare the <Link href="/experiments" className="underline">experiments</Link> and press “Select as model” on
        the one to ship (or run <code>npx pushlab select ID</code>); this section then fills in from the registry.
      </p>
    </ReportSection>
  );
}

/** Section 8: milestone 2 — the registry and how to score. */
export function NextStepsSection({ selected }: { selected: SelectedModelReport | null }) {
  return (
    <ReportSection id="next" number={8} title="Next steps: milestone 2">
      <p>
        {selected ? (
          <>
            The registry holds version <span className="font-mono">{selected.version.version}</span> as the active model, with its pipeline, coefficients and
            threshold: enough to score new data without the training data. <Link href="/registry" className="underline">The registry page</Link> shows every
            version and allows a rollback.
          </>
        ) : (
          <>The registry is empty until a model is selected.</>
        )}
      </p>
      <ul className="list-disc pl-6 text-sm">
        <li>
          Batch scoring: <code>npx pushlab predict customers.csv</code> writes <code>customers_predictions.csv</code> with{" "}
          <code>purchase_probability</code> and <code>predicted_purchase</code> for every row.
        </li>
        <li>
          Online scoring: <code>POST /api/predict</code> with <code>{"{ rows: [...] }"}</code>; <code>GET /api/models/active</code> names the version in use.
        </li>
        <li>
          Watch the weekly stability above as new weeks arrive. Retrain when the weekly ROC-AUC falls below its validation interval
          {selected?.rocAucInterval ? ` (${selected.rocAucInterval.low.toFixed(3)}–${selected.rocAucInterval.high.toFixed(3)})` : ""}: unlike average
          precision, it does not move when the share of buyers changes, so a drop means a worse ranking, not fewer buyers.
        </li>
      </ul>
    </ReportSection>
  );
}
