import type { ScoringReport } from "@/lib/monitoring/scoring-report";
import { DataTable } from "@/components/ui/data-table";

/** The latest scoring reports of a version: what each predict / campaign run saw. */
export function ScoringReports({ reports }: { reports: ScoringReport[] }) {
  if (reports.length === 0) {
    return <p className="text-sm text-slate-600">No scoring run yet: <code>pushlab predict FILE --version …</code> or <code>pushlab campaign</code> writes one.</p>;
  }
  return (
    <div>
      <DataTable
        testId="scoring-reports"
        className="mt-1"
        caption="Newest first; PSI against the training sample kept with the version (above 0.25: a major shift)"
        captionClassName="pb-1 text-left text-slate-600"
        padLast
        columns={[
          { label: "Time (UTC)", className: "py-1" },
          { label: "Command" },
          { label: "Input" },
          { label: "Rows", numeric: true },
          { label: "At or above threshold", numeric: true },
          { label: "Unseen categories" },
          { label: "Largest PSI" },
          { label: "PSI of the score", numeric: true },
        ]}
      >
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
      </DataTable>
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
