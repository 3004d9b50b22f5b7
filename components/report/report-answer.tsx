import Link from "next/link";
import type { ReportSummary } from "@/lib/report/summary";
import { percent } from "@/lib/report/summary";

function Figure({ value, label, testId, strong }: { value: string; label: string; testId: string; strong?: boolean }) {
  return (
    <div className={`rounded-lg border p-3 ${strong ? "border-blue-300 bg-white" : "border-slate-200 bg-white"}`}>
      <div className={`text-3xl font-bold tabular-nums ${strong ? "text-blue-800" : "text-slate-700"}`} data-testid={testId}>
        {value}
      </div>
      <div className="text-sm text-slate-600">{label}</div>
    </div>
  );
}

/** The answer first: what the selected model means for pushes, how sure we are, what to do next. */
export function ReportAnswer({ answer }: { answer: ReportSummary | null }) {
  if (!answer) {
    return (
      <section aria-labelledby="answer-heading" className="rounded-xl border border-amber-200 bg-amber-50 p-4" data-testid="report-answer">
        <h2 id="answer-heading" className="text-xl font-semibold">The answer</h2>
        <p className="mt-1 max-w-3xl">
          No model has been selected yet, so there is no answer to give: compare the <Link href="/experiments" className="underline">experiments</Link> and select
          the one to ship. The sections below describe the data and what was tried.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="answer-heading" className="space-y-3 rounded-xl border border-blue-200 bg-blue-50/60 p-4" data-testid="report-answer">
      <h2 id="answer-heading" className="text-xl font-semibold">The answer</h2>
      <p className="max-w-3xl text-lg leading-snug" data-testid="answer-headline">{answer.headline}</p>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Figure value={percent(answer.modelPrecision)} label="of the model's pushes lead to a purchase" testId="answer-model" strong />
        <Figure value={percent(answer.baselinePrecision)} label="for the most popular products, same number of pushes" testId="answer-baseline" />
        <Figure value={percent(answer.randomPrecision)} label="when sending at random" testId="answer-random" />
        <Figure value={answer.customersReached.toLocaleString("en-US")} label={`of ${answer.buyingCustomers.toLocaleString("en-US")} buying customers reached`} testId="answer-customers" />
      </div>
      <p className="text-sm text-slate-700">
        Budget: <strong data-testid="answer-budget">{answer.budgetPhrase}</strong> over {answer.testDays} test days (the days kept aside until the model was chosen) — the
        model&apos;s operating point; <a href="#budget" className="underline">section 5</a> tries other budgets.
      </p>
      <p className="max-w-3xl" data-testid="answer-model-name">
        The model is {answer.modelName}, registry version <strong className="font-mono" data-testid="answer-version">{answer.version}</strong>.
      </p>
      <p className="max-w-3xl" data-testid="answer-certainty">
        <strong>How sure are we?</strong> {answer.certainty}
      </p>
      <p className="max-w-3xl" data-testid="answer-next">
        <strong>What to do next:</strong> {answer.nextStep}
      </p>
      <details className="text-sm text-slate-600">
        <summary className="cursor-pointer">Technical detail</summary>
        <p className="mt-1 font-mono text-xs">
          experiment {answer.experimentId}. {answer.certaintyDetail}
        </p>
      </details>
    </section>
  );
}

/** The four measures, explained once where they first appear. */
export function MetricGlossary() {
  return (
    <section aria-labelledby="glossary-heading" className="rounded-lg border border-slate-200 p-3 text-sm" data-testid="metric-glossary">
      <h2 id="glossary-heading" className="font-medium">How the models are measured</h2>
      <dl className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2">
        <div>
          <dt className="font-semibold">Average precision (AP)</dt>
          <dd>How well a model puts the customers who will buy at the top of its list, from 0 to 1; sending at random scores the purchase rate itself.</dd>
        </div>
        <div>
          <dt className="font-semibold">ROC-AUC</dt>
          <dd>The chance that a random buyer is ranked above a random non-buyer: 0.5 is guessing, 1 is perfect.</dd>
        </div>
        <div>
          <dt className="font-semibold">Gini</dt>
          <dd>The same ranking measure rescaled, 2 × ROC-AUC − 1: 0 is guessing, 1 is perfect.</dd>
        </div>
        <div>
          <dt className="font-semibold">F0.3</dt>
          <dd>Combines the share of pushes that buy (precision) and the share of buyers reached (recall), weighing precision about 11 times more; the model sends where it peaks.</dd>
        </div>
      </dl>
    </section>
  );
}
