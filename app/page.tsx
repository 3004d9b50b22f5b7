import { connection } from "next/server";
import { DataSection } from "@/components/data/data-section";
import { BudgetSimulator } from "@/components/report/budget-simulator";
import { MetricGlossary, ReportAnswer } from "@/components/report/report-answer";
import { ReportActions } from "@/components/report/report-actions";
import { FindingsSection, NextStepsSection, NothingSelected, ReportSection, SelectedModelSection, TriedSection } from "@/components/report/report-sections";
import { StabilityChart } from "@/components/report/stability-chart";
import { TargetingPreview } from "@/components/report/targeting-preview";
import { RegistryProblemNotice } from "@/components/registry/registry-problem";
import { registryProblem } from "@/lib/registry/health";
import { runQueue } from "@/lib/experiments/queue/run-queue-service";
import { activeGridRun } from "@/lib/experiments/queue/serve-grid";
import { loadReportData } from "@/lib/report/report-data";
import { FAMILY_RUN_ARGS, FAMILY_RUN_KEY } from "@/lib/report/report-claims";
import { recordTestView } from "@/lib/registry/test-ledger";
import { accessMode } from "./_server/session";
import { resolveWorkspace } from "@/lib/workspace";

export default async function ReportPage() {
  await connection(); // read the workspace on every request: the report follows the data and the selection
  const ws = resolveWorkspace();
  const problem = registryProblem(ws);
  if (problem) {
    return (
      <article className="space-y-6">
        <h1 className="text-3xl font-bold tracking-tight">Which customers should get a push notification?</h1>
        <RegistryProblemNotice problem={problem} />
      </article>
    );
  }
  const queue = runQueue(ws);
  const report = await loadReportData(ws, { preparing: activeGridRun(queue) !== null, computeFamily: false });
  // Intervals not cached for these results: computed behind the app (one run at a time, after the grid), shown as a status.
  const familyRun = report.family.computing ? queue.submit("family", FAMILY_RUN_KEY, FAMILY_RUN_ARGS, "report page") : null;
  const { selected } = report;
  if (selected && report.summary) {
    // The report shows test figures (sections 4–7): the ledger records that they were shown.
    const mode = await accessMode();
    await recordTestView(ws.registryDir, {
      page: "/",
      actor: mode.open ? "web:local" : mode.admin ? "web:admin" : "web:reader",
      version: selected.version.version,
      experimentId: selected.version.experimentId,
      threshold: selected.version.threshold,
      refit: selected.version.refit,
      dataFingerprint: report.summary.source.fingerprint,
    });
  }
  return (
    <article className="space-y-12">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Which customers should get a push notification?</h1>
        <p className="max-w-3xl text-slate-600">
          Milestone 1 report: which linear model, encoding and regularization work for choosing the customers to notify, and why — written from
          the stored results and the model registry, so every number follows the data and the selection.
        </p>
        <p className="text-xs text-slate-500" data-testid="report-stamp">
          Generated {report.generatedAt.slice(0, 19).replace("T", " ")} UTC from {report.summary?.source.path ?? ws.dataFile}
          {selected ? `, model ${selected.version.version}` : ", no model selected yet"}.
        </p>
        <ReportActions />
      </header>
      <ReportAnswer answer={report.answer} />
      {report.summary ? (
        <DataSection summary={report.summary} synthetic={ws.synthetic} />
      ) : (
        <ReportSection id="data" number={1} title="The question and the data">
          <p role="status" data-testid="data-preparing">
            The data file is being {ws.synthetic ? "generated and " : ""}loaded behind the app; this section fills in once it is summarized (the banner above shows the stage).
          </p>
        </ReportSection>
      )}
      <MetricGlossary />
      <TriedSection results={report.results} intervals={report.triedIntervals} pending={report.family.computing} />
      <FindingsSection findings={report.findings} family={report.family} familyRun={familyRun} />
      {selected && report.testDays ? (
        <>
          <SelectedModelSection selected={selected} testDays={report.testDays} />
          <ReportSection id="budget" number={5} title="What it means for pushes">
            <p>
              Choose how many pushes to send per day. The figures are measured on the {selected.budget.testDays} test days: how many of the pushes lead to a
              purchase, how many of the purchases and of the customers who bought were reached — for the model, for pushing the most popular products, for pushing to the
              customers who ordered the product before (then the most popular products), and for sending at random.
            </p>
            <BudgetSimulator
              testDays={selected.budget.testDays}
              candidateRows={selected.budget.candidateRows}
              positives={selected.budget.positives}
              model={selected.budget.model}
              baselines={selected.budget.baselines}
              pushesAtThreshold={selected.budget.modelPushesAtThreshold}
              buyingCustomers={selected.budget.buyingCustomers}
              buyersByPurchaseCount={selected.budget.buyersByPurchaseCount}
            />
          </ReportSection>
          <ReportSection id="stability" number={6} title="Does it hold up over time?">
            <p>
              Average precision, ROC-AUC and the week&apos;s base rate (the share of candidate rows that were bought) for the selected model, week by week
              over the validation and test days. Average precision rises and falls with the base rate even when the ranking is unchanged, so it is shown beside
              it; ROC-AUC does not depend on the base rate and is the one to watch for a worse model. Weeks with few orders move more.
            </p>
            <StabilityChart weeks={selected.weekly} />
          </ReportSection>
          <ReportSection id="targeting" number={7} title="Who would get the push?">
            <p>
              The customers the model would have notified during the test days for one kind of product, with their chance of buying and whether they did. It opens
              with the product the model pushes most; pick another to see its list.
            </p>
            <TargetingPreview productTypes={selected.productTypes} defaultProductType={selected.defaultProductType} />
          </ReportSection>
        </>
      ) : (
        <>
          <NothingSelected number={4} title="The selected model" />
          <NothingSelected number={5} title="What it means for pushes" />
          <NothingSelected number={6} title="Does it hold up over time?" />
          <NothingSelected number={7} title="Who would get the push?" />
        </>
      )}
      <NextStepsSection selected={selected} />
    </article>
  );
}
