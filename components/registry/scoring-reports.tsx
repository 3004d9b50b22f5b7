import type { ScoringReport } from "@/lib/monitoring/scoring-report";

/** The latest scoring reports of a version: what each predict / campaign run saw. */
export function ScoringReports({ reports }: { reports: ScoringReport[] }) {
  if (reports.length === 0) {
    return <p className="text-sm text-slate-600">No scoring run yet: <code>pushlab predict FILE --version …</code> or <code>pushlab campaign</code> writes one.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="mt-1 text-sm tabular-nums" data-testid="scoring-reports">
        <caption className="pb-1 text-left text-slate-600">Newest first; PSI against the training sample kept with the version (above 0.25: a major shift)</caption>
        <thead className="border-b border-slate-300 text-left">
          <tr>
            <th scope="col" className="py-1 pr-4">Time (UTC)</th>
            <th scope="col" className="pr-4">Command</th>
            <th scope="col" className="pr-4">Input</th>
            <th scope="col" className="pr-4 text-right">Rows</th>
            <th scope="col" className="pr-4 text-right">At or above threshold</th>
            <th scope="col" className="pr-4">Unseen categories</th>
            <th scope="col" className="pr-4">Largest PSI</th>
            <th scope="col" className="pr-4 text-right">PSI of the score</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r, k) => (
            <tr key={k} className={`border-b border-slate-100 ${r.alerts.length ? "bg-amber-50" : ""}`} data-testid="scoring-report-row">
              <td className="py-0.5 pr-4">{r.createdAt.slice(0, 19).replace("T", " ")}</td>
              <td className="pr-4">{r.command}</td>
              <td className="max-w-xs truncate pr-4 font-mono text-xs" title={r.input}>{r.input.split("/").pop()}</td>
              <td className="pr-4 text-right">{r.rows.toLocaleString("en-US")}</td>
              <td className="pr-4 text-right">{(100 * r.shareAboveThreshold).toFixed(2)}%</td>
              <td className="pr-4">{r.unseen.filter((u) => u.rows > 0).map((u) => `${u.column} ${(100 * u.rate).toFixed(2)}%`).join(", ") || "none"}</td>
              <td className="pr-4">{r.psi.available ? `${r.psi.max.psi.toFixed(3)} (${r.psi.max.name}, ${r.psi.max.level})` : "unavailable"}</td>
              <td className="pr-4 text-right">{r.psi.available ? r.psi.score.psi.toFixed(3) : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {reports.some((r) => r.alerts.length) ? (
        <ul className="mt-2 list-disc pl-5 text-sm text-amber-900">
          {[...new Set(reports.flatMap((r) => r.alerts))].map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
