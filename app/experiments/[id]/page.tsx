import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ThresholdExplorer } from "@/components/experiments/threshold-explorer";
import { CalibrationChart, CoefficientsChart, RocChart } from "@/components/experiments/static-charts";
import { featureLabel } from "@/lib/features/base-features";
import { baselineLabel, baselinesOf, currentResult, currentResults } from "@/lib/experiments/results/current-results";
import { describeCoefficients, describeFit, describeOperatingPoint, describeSpec } from "@/lib/experiments/comparison/narrative";
import { keptThreshold } from "@/lib/experiments/results/operating-thresholds";
import { experimentIntervals } from "@/lib/experiments/results/result-intervals";
import { isValidExperimentId } from "@/lib/experiments/results/results-store";
import { activeExperimentId, activeVersion } from "@/lib/registry/active";
import { testLooks } from "@/lib/registry/test-ledger";
import { chooseThreshold, thresholdRuleLabel } from "@/lib/registry/threshold-rule";
import { isDegenerateResult } from "@/lib/experiments/running/degenerate";
import { experimentStatus, readAnnotations } from "@/lib/experiments/results/annotations";
import { AnnotationPanel } from "@/components/experiments/annotation-panel";
import { annotateExperimentAction } from "../../_server/annotation-actions";
import { resolveWorkspace } from "@/lib/workspace";
import { accessMode } from "../../_server/session";
import { keepThresholdAction } from "./actions";
import { selectModelAction } from "../../_server/registry-actions";
import { formatPercent } from "@/lib/format";
import { DataTable } from "@/components/ui/data-table";
import { Section } from "@/components/ui/section";

/** The id from the URL; null for a malformed percent-encoding (then a 404 like any unknown id). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

type Params = { params: Promise<{ id: string }>; searchParams: Promise<{ threshold?: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: decodeSegment(id) ?? "Not found" };
}


export default async function ExperimentPage({ params, searchParams }: Params) {
  await connection();
  const { id: rawId } = await params;
  const id = decodeSegment(rawId);
  if (!isValidExperimentId(id)) notFound();
  const ws = resolveWorkspace();
  const result = currentResult(ws, id);
  if (!result) notFound();
  const baselines = baselinesOf(currentResults(ws));
  const { threshold: thresholdParam } = await searchParams;
  const keptRecord = keptThreshold(ws.resultsDir, id);
  const kept = keptRecord?.threshold ?? null;
  const requested = thresholdParam !== undefined && Number.isFinite(Number(thresholdParam)) ? Number(thresholdParam) : null;
  const initialThreshold = requested ?? kept ?? result.validation.bestThreshold;
  const mode = await accessMode();
  const testDays = testLooks(ws.registryDir, result.computedFrom.dataFingerprint, activeVersion(ws)?.version ?? null);
  // After the first test look the selection's threshold is not the slider's: the rule the library applies (shown and confirmed as such).
  const ruled = testDays.looks > 0
    ? chooseThreshold({ stated: undefined, statedAt: "", kept: keptRecord, bestThreshold: result.validation.bestThreshold, resultCreatedAt: result.createdAt, firstLook: testDays.first })
    : null;
  const v = result.validation;
  // Resampled here the first time the page is shown (≈ 0.5 s at full size), then cached.
  const iv = experimentIntervals(ws, result);
  const selected = activeExperimentId(ws) === id;
  const degenerate = isDegenerateResult(result);
  const status = experimentStatus(readAnnotations(ws.resultsDir), ws.experimentsDir, id);
  const constantProbability = result.model ? 1 / (1 + Math.exp(-result.model.intercept)) : 0;

  return (
    <article className="space-y-10">
      <header>
        <Breadcrumb href="/experiments" label="Experiments" />
        <h1 className="font-mono text-2xl font-bold break-all">{id}</h1>
        <div className="mt-1 flex flex-wrap gap-2 text-sm" data-testid="experiment-badges">
          {selected ? <span className="rounded bg-green-100 px-2 text-green-800">the selected model</span> : null}
          {status.archived ? <span className="rounded bg-slate-200 px-2" data-testid="badge-archived">archived: hidden from the grid and the report</span> : null}
          {status.browserStarted ? (
            <span className="rounded bg-violet-100 px-2 text-violet-900" data-testid="badge-browser">
              started from the browser{status.promoted ? ", counted in the report" : ", not in the report unless promoted"}
            </span>
          ) : null}
          {status.tags.map((t) => (
            <span key={t} className="rounded bg-blue-50 px-2 text-blue-900">{t}</span>
          ))}
        </div>
        {status.note ? <p className="mt-1 text-sm text-slate-600" data-testid="experiment-note">Note: {status.note}</p> : null}
        {mode.admin ? <AnnotationPanel id={id} status={status} action={annotateExperimentAction} /> : null}
        {degenerate ? (
          <div role="alert" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900" data-testid="ranks-nobody">
            <p className="font-semibold">This model ranks nobody.</p>
            <p className="text-sm">
              Regularization set every coefficient to zero, so every customer gets the same predicted probability ({formatPercent(constantProbability, 1)})
              and the model cannot put one customer before another. Its precision–recall curve, threshold and coefficients would say nothing, so they
              are not drawn, and it cannot be selected as the model. Try a weaker penalty (a larger C).
            </p>
          </div>
        ) : result.model && !mode.admin ? (
          <p className="no-print mt-4 text-sm text-slate-600">
            <Link href={`/login?next=/experiments/${encodeURIComponent(id)}`} className="underline">Sign in</Link> to select this experiment as the model.
          </p>
        ) : result.model ? (
          <div className="no-print mt-4 space-y-2 text-sm text-slate-600">
            <p>
              “Select as model” (with the operating threshold below) evaluates this model on the test days at the slider&apos;s threshold and makes it the
              active registry version{kept !== null ? `; the kept threshold is ${kept.toPrecision(3)}` : ""}.
              {testDays.looks === 0 ? " The test days have not been used yet: this selection would be the confirmatory one." : null}
            </p>
            {testDays.looks > 0 ? (
              <p className="rounded border border-amber-300 bg-amber-50 p-2 text-slate-900" data-testid="later-look-warning">
                The test days of this data have already been used {testDays.looks === 1 ? "once" : `${testDays.looks} times`} (first: {testDays.first!.experimentId} by{" "}
                {testDays.first!.actor}, {testDays.first!.time.slice(0, 10)}). Selecting now is look {testDays.looks + 1}: its test figures will not be an untouched,
                confirmatory estimate, and the registry and report will say so.
              </p>
            ) : null}
          </div>
        ) : null}
      </header>

      <Section className="space-y-2" title="Definition and fit" sentence={`${describeSpec(result)} ${describeFit(result)}`} testId="section-definition">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <dt className="text-slate-500">Training rows</dt>
          <dd>{result.data.trainRows.toLocaleString("en-US")}</dd>
          <dt className="text-slate-500">Validation rows</dt>
          <dd>{result.data.validationRows.toLocaleString("en-US")}</dd>
          {result.fit ? (
            <>
              <dt className="text-slate-500">Iterations</dt>
              <dd>{result.fit.iterations}</dd>
              <dt className="text-slate-500">Converged</dt>
              <dd className={result.fit.converged ? "" : "text-amber-700"}>{result.fit.converged ? "yes" : `no — ${result.fit.warning ?? ""}`}</dd>
              <dt className="text-slate-500">Final loss</dt>
              <dd>{result.fit.loss.toPrecision(6)}</dd>
              <dt className="text-slate-500">Gradient norm</dt>
              <dd>{result.fit.gradNorm.toExponential(2)}</dd>
            </>
          ) : null}
          <dt className="text-slate-500">Time (features / fit / evaluation)</dt>
          <dd>
            {result.seconds.features.toFixed(2)} / {result.seconds.fit.toFixed(2)} / {result.seconds.evaluate.toFixed(2)} s
          </dd>
        </dl>
      </Section>

      {degenerate ? null : (
      <>
      <Section className="space-y-2" title="Precision, recall and the operating threshold" sentence={describeOperatingPoint(result, baselines)} testId="section-threshold">
        <ThresholdExplorer
          experimentId={id}
          points={result.curves.pr}
          baselines={baselines.filter((b) => b.id !== id).map((b) => ({ label: baselineLabel(b), points: b.curves.pr }))}
          rows={v.rows}
          positives={v.positives}
          bestThreshold={v.bestThreshold}
          initialThreshold={initialThreshold}
          keptThreshold={kept}
          canKeep={mode.admin}
          keepAction={keepThresholdAction}
          selectAction={result.model && mode.admin ? selectModelAction : null}
          ruledThreshold={ruled ? { threshold: ruled.threshold, label: thresholdRuleLabel(ruled.source), setAside: ruled.setAside !== null } : null}
        />
      </Section>

      <div className="grid gap-8 lg:grid-cols-2">
        <Section className="space-y-2" title="ROC curve" sentence={`ROC-AUC ${v.rocAuc.toFixed(3)}, Gini ${v.gini.toFixed(3)}: the chance that a random buyer is ranked above a random non-buyer.`} testId="section-roc">
          <RocChart points={result.curves.roc} auc={v.rocAuc} />
        </Section>
        <Section
          className="space-y-2"
          title="Calibration"
          sentence={result.curves.calibration ? `Whether a predicted 10% means one purchase in ten: points on the diagonal are well calibrated. Rows are split into ${result.curves.calibration.length} bins of about equal size by predicted probability (quantile bins, as scikit-learn's strategy="quantile"; rows per bin below).${result.spec.kind === "logreg" && result.spec.classWeight === "balanced" ? " This model's classes are re-weighted, which pushes its predictions up." : ""}` : "The baseline's score is a popularity, not a probability, so it has no calibration."}
          testId="section-calibration"
        >
          {result.curves.calibration ? <CalibrationChart bins={result.curves.calibration} /> : null}
        </Section>
      </div>

      </>
      )}

      {result.coefficients.length > 0 && !degenerate ? (
        <Section className="space-y-2" title="What drives the score" sentence={describeCoefficients(result, featureLabel)} testId="section-coefficients">
          <CoefficientsChart coefficients={result.coefficients.map((c) => ({ ...c, label: featureLabel(c.feature) }))} />
        </Section>
      ) : null}

      <Section
        className="space-y-2"
        title="How sure are we?"
        sentence={!iv ? "This result keeps no validation scores to resample (re-run it to get its intervals)." : `95% intervals from ${iv.averagePrecision.replicates.toLocaleString("en-US")} bootstrap resamples of whole validation orders (rows of one basket move together); precision, recall and F0.3 are measured at the fixed operating threshold ${v.bestThreshold.toPrecision(3)} in every resample. Differences between experiments are judged on the compare page, on the same resampled orders.`}
        testId="section-intervals"
      >
        {iv ? (
        <DataTable cellGap="pr-6" testId="intervals-table" columns={[{ label: "Metric" }, { label: "Validation", numeric: true }, { label: "95% interval", numeric: true }]}>
            {[
              ["Average precision", iv.averagePrecision],
              ["ROC-AUC", iv.rocAuc],
              ["F0.3 at the threshold", iv.f03],
              ["Precision at the threshold", iv.precision],
              ["Recall at the threshold", iv.recall],
            ].map(([name, interval]) => {
              const i = interval as typeof iv.rocAuc;
              return (
                <tr key={name as string} className="border-b border-slate-100">
                  <th scope="row" className="pr-6 text-left font-normal">{name as string}</th>
                  <td className="pr-6 text-right">{i.estimate.toFixed(4)}</td>
                  <td className="text-right">
                    {i.low.toFixed(4)} – {i.high.toFixed(4)}
                  </td>
                  <td className="pl-4 text-right text-xs text-slate-500" data-testid="dropped-replicates">
                    {i.dropped > 0 ? `${i.dropped} of ${i.replicates} resamples undefined, left out` : ""}
                  </td>
                </tr>
              );
            })}
        </DataTable>
        ) : null}
      </Section>
    </article>
  );
}
