import type { Metadata } from "next";
import { connection } from "next/server";
import { ApByCChart, type ApByCPoint } from "@/components/experiments/ap-by-c-chart";
import { ExperimentsTable, type GridRow } from "@/components/experiments/experiments-table";
import { experimentStatus, readAnnotations } from "@/lib/experiments/results/annotations";
import { isDegenerateResult } from "@/lib/experiments/running/degenerate";
import { NewExperimentForm } from "@/components/experiments/new-experiment-form";
import Link from "next/link";
import { submitExperimentAction } from "../../_server/run-actions";
import { accessMode } from "../../_server/session";
import { baselineLabel, baselinesOf, currentResults } from "@/lib/experiments/results/current-results";
import { resultRow } from "@/lib/experiments/results/results-table";
import { activeExperimentId } from "@/lib/registry/active";
import { resolveWorkspace } from "@/lib/workspace";

export const metadata: Metadata = { title: "Experiments" };

export default async function ExperimentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const ws = resolveWorkspace();
  const results = currentResults(ws);
  const annotations = readAnnotations(ws.resultsDir);
  const rows: GridRow[] = results.map((r) => ({ ...resultRow(r), status: experimentStatus(annotations, ws.experimentsDir, r.id), ranksNobody: isDegenerateResult(r) }));
  const params = await searchParams;
  const initialSearch = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : []))).toString();
  const shown = rows.filter((r) => !r.status.archived);
  const baselines = baselinesOf(results);
  const unweighted = shown.filter((r) => r.kind === "logreg" && r.classWeight === "none" && !r.features);
  const points: ApByCPoint[] = unweighted
    .filter((r) => r.C !== null)
    .map((r) => ({ id: r.id, encoding: r.encoding, penalty: r.penalty, classWeight: r.classWeight, C: r.C!, ap: r.validation.averagePrecision }));
  const unpenalized = unweighted.filter((r) => r.penalty === "none").map((r) => ({ encoding: r.encoding, ap: r.validation.averagePrecision }));
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-3xl font-bold tracking-tight">Experiments</h1>
        <p className="mt-2 max-w-3xl text-slate-600">
          Every experiment is fitted on the training days and measured on the validation days. Sort by a column, filter by encoding or
          penalty, open one as a notebook page, or tick several to compare them with paired bootstrap intervals.
        </p>
      </header>
      <section aria-labelledby="new-heading" className="no-print space-y-2">
        <h2 id="new-heading" className="text-xl font-semibold">Ask “what if?”</h2>
        <p className="max-w-3xl text-slate-600">
          Run a configuration that is not in the grid, or explore a whole{" "}
          <Link href="/experiments/path?encoding=none&penalty=l2" className="underline">regularization path</Link>. Runs go through the same runner and
          results store as <code>pushlab run</code>, and are saved as definitions so the CLI reproduces them.
        </p>
        <NewExperimentForm action={submitExperimentAction} canSubmit={(await accessMode()).admin} />
      </section>
      {rows.length === 0 ? (
        <p className="rounded border border-amber-200 bg-amber-50 p-4" role="status">
          No results for the current data file yet. Run <code>npx pushlab run</code> (or restart with <code>npm start</code>).
        </p>
      ) : (
        <>
          <section aria-labelledby="overview-heading">
            <h2 id="overview-heading" className="text-xl font-semibold">Regularization and encoding at a glance</h2>
            <ApByCChart points={points} baselines={baselines.map((b) => ({ label: baselineLabel(b), ap: b.validation.averagePrecision }))} unpenalized={unpenalized} />
          </section>
          <section aria-labelledby="grid-heading">
            <h2 id="grid-heading" className="mb-2 text-xl font-semibold">All experiments</h2>
            <ExperimentsTable rows={rows} selectedId={activeExperimentId(ws)} initialSearch={initialSearch} />
          </section>
        </>
      )}
    </article>
  );
}
