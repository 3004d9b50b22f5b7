import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { CompareCharts } from "@/components/experiments/compare-charts";
import { compareExperiments, parseIds } from "@/lib/experiments/comparison/compare";
import { resolveWorkspace } from "@/lib/workspace";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { Section } from "@/components/ui/section";

export const metadata: Metadata = { title: "Compare experiments" };

const METRICS = [
  { key: "averagePrecision", label: "Average precision" },
  { key: "rocAuc", label: "ROC-AUC" },
  { key: "f03", label: "F0.3 at each one's threshold" },
  { key: "precision", label: "Precision" },
  { key: "recall", label: "Recall" },
] as const;

/** The experiment column, then one right-aligned column per metric. */
function metricColumns(first: string): TableColumn[] {
  return [{ label: first }, ...METRICS.map((m): TableColumn => ({ key: m.key, label: m.label, numeric: true, gap: "pr-6" }))];
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ ids?: string; ref?: string }> }) {
  await connection();
  const { ids: rawIds, ref } = await searchParams;
  const ids = parseIds(rawIds);
  const comparison = compareExperiments(resolveWorkspace(), ids, ref);
  if ("error" in comparison) {
    return (
      <article>
        <h1 className="text-3xl font-bold">Compare experiments</h1>
        <p className="mt-4" role="status">
          {comparison.error} {comparison.unknownIds.length ? `Unknown: ${comparison.unknownIds.map((id) => id.slice(0, 60)).join(", ")}.` : ""}{" "}
          <Link href="/experiments" className="underline">Choose them in the experiment grid.</Link>
        </p>
      </article>
    );
  }
  const { results, reference, differingParameters, differences } = comparison;
  const others = results.filter((r) => r.id !== reference.id);
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-3xl font-bold">Compare experiments</h1>
        <p className="mt-2 max-w-3xl text-slate-600" data-testid="compare-method">
          {comparison.family
            ? `Differences are measured against the reference on the same ${comparison.family.replicates.toLocaleString("en-US")} resampled sets of validation orders (a paired bootstrap). The ${comparison.family.comparisons} differences below are judged together: each interval is a simultaneous ${Math.round(comparison.family.level * 100)}% interval (a bootstrap max-t band), so the chance that any of them is called real by luck is about ${Math.round((1 - comparison.family.level) * 100)}% in all, not per difference. A difference is only called real when its interval excludes zero.`
            : "No validation scores are stored for these experiments, so no difference is measured."}
        </p>
        {comparison.unknownIds.length ? <p className="text-amber-700">Ignored unknown ids: {comparison.unknownIds.map((id) => id.slice(0, 60)).join(", ")}</p> : null}
      </header>
      <CompareCharts series={results.map((r) => ({ id: r.id, points: r.curves.pr }))} />
      <Section title="What differs">
        <DataTable className="mt-2" testId="param-diff-table" columns={[{ label: "Parameter" }, ...results.map((r) => ({ key: r.id, label: r.id, className: "font-mono text-xs" }))]}>
            {differingParameters.map((p) => (
              <tr key={p.name} className="border-b border-slate-100">
                <th scope="row" className="pr-4 text-left font-normal">{p.name}</th>
                {results.map((r) => (
                  <td key={r.id} className="pr-4">{p.values[r.id]}</td>
                ))}
              </tr>
            ))}
        </DataTable>
      </Section>
      <Section title="Each experiment">
          <DataTable className="mt-2" testId="absolute-metrics-table" caption="Validation figures with their 95% order-bootstrap intervals" columns={metricColumns("Experiment")}>
              {results.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top" data-testid="absolute-row">
                  <th scope="row" className="pr-4 text-left font-normal">
                    <Link href={`/experiments/${encodeURIComponent(r.id)}`} className="font-mono text-xs break-all text-blue-800 hover:underline">{r.id}</Link>
                    {r.id === reference.id ? <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs">reference</span> : null}
                  </th>
                  {METRICS.map((m) => {
                    const i = comparison.intervals[r.id]?.[m.key];
                    if (!i) return <td key={m.key} className="pr-6 text-right">—</td>;
                    return (
                      <td key={m.key} className="pr-6 text-right">
                        <div>{i.estimate.toFixed(4)}</div>
                        <div className="text-xs text-slate-500">[{i.low.toFixed(4)}, {i.high.toFixed(4)}]</div>
                      </td>
                    );
                  })}
                </tr>
              ))}
          </DataTable>
      </Section>
      <Section title="Differences against the reference">
        <form className="no-print my-2 flex flex-wrap items-center gap-2 text-sm" action="/compare">
          <input type="hidden" name="ids" value={results.map((r) => r.id).join(",")} />
          <label>
            Reference{" "}
            <select name="ref" defaultValue={reference.id} className="max-w-full rounded border border-slate-300 px-2 py-1">
              {results.map((r) => (
                <option key={r.id} value={r.id}>{r.id}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded border border-slate-300 px-3 py-1">Use as reference</button>
        </form>
        <DataTable className="mt-2" testId="metric-diff-table" columns={metricColumns(`Experiment − ${reference.id}`)}>
            {others.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 align-top" data-testid="diff-row">
                <th scope="row" className="pr-4 text-left font-normal">
                  <Link href={`/experiments/${encodeURIComponent(r.id)}`} className="font-mono text-xs text-blue-800 hover:underline">{r.id}</Link>
                </th>
                {METRICS.map((m) => {
                  const d = differences[r.id]?.[m.key];
                  return (
                    <td key={m.key} className="pr-6 text-right">
                      {d ? (
                        <>
                          <div>{d.estimate >= 0 ? "+" : ""}{d.estimate.toFixed(4)}</div>
                          <div className="text-xs text-slate-500">[{d.low.toFixed(4)}, {d.high.toFixed(4)}]</div>
                          {d.dropped > 0 ? <div className="text-xs text-amber-700" data-testid="dropped-replicates">{d.dropped} of {d.replicates} replicates undefined, left out</div> : null}
                          <div className={`text-xs ${d.verdict === "better" ? "text-green-700" : d.verdict === "worse" ? "text-red-700" : "text-slate-600"}`}>{d.verdict}</div>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
        </DataTable>
      </Section>
    </article>
  );
}
