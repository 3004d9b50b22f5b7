"use client";

import Link from "next/link";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { useMemo, useState } from "react";
import { useQueryMirror } from "@/components/ui/use-query-mirror";
import type { ExperimentStatus } from "@/lib/experiments/results/annotations";
import type { ResultRow } from "@/lib/experiments/results/results-table";

export type GridRow = ResultRow & { status: ExperimentStatus; ranksNobody: boolean };

type SortKey = "id" | "encoding" | "penalty" | "C" | "classWeight" | "averagePrecision" | "rocAuc" | "gini" | "f03" | "bestThreshold" | "fitSeconds";

const SORT_KEYS: SortKey[] = ["id", "encoding", "penalty", "C", "classWeight", "averagePrecision", "rocAuc", "gini", "f03", "bestThreshold", "fitSeconds"];

/** The grid's view as URL parameters, so a sorted, filtered view can be shared and survives a reload. */
function readView(search: string) {
  const params = new URLSearchParams(search);
  const sortKey = params.get("sort") as SortKey | null;
  return {
    sort: { key: sortKey && SORT_KEYS.includes(sortKey) ? sortKey : ("averagePrecision" as SortKey), descending: params.get("order") !== "asc" },
    encoding: params.get("encoding") ?? "all",
    penalty: params.get("penalty") ?? "all",
    tag: params.get("tag") ?? "all",
    origin: params.get("origin") ?? "all",
    archived: params.get("archived") === "1",
  };
}

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "id", label: "Experiment" },
  { key: "encoding", label: "Encoding" },
  { key: "penalty", label: "Penalty" },
  { key: "C", label: "C", numeric: true },
  { key: "classWeight", label: "Class weight" },
  { key: "averagePrecision", label: "AP", numeric: true },
  { key: "rocAuc", label: "ROC-AUC", numeric: true },
  { key: "gini", label: "Gini", numeric: true },
  { key: "f03", label: "Best F0.3", numeric: true },
  { key: "bestThreshold", label: "at threshold", numeric: true },
  { key: "fitSeconds", label: "Fit (s)", numeric: true },
];

function value(row: GridRow, key: SortKey): number | string {
  switch (key) {
    case "averagePrecision":
    case "rocAuc":
    case "gini":
    case "f03":
    case "bestThreshold":
      return row.validation[key];
    case "C":
      return row.C ?? Infinity;
    default:
      return row[key] as string | number;
  }
}

/** The experiment grid: sortable, filterable by encoding and penalty, with checkboxes to compare. */
export function ExperimentsTable({ rows, selectedId, initialSearch }: { rows: GridRow[]; selectedId: string | null; initialSearch: string }) {
  const initial = useMemo(() => readView(initialSearch), [initialSearch]);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>(initial.sort);
  const [encoding, setEncoding] = useState(initial.encoding);
  const [penalty, setPenalty] = useState(initial.penalty);
  const [tag, setTag] = useState(initial.tag);
  const [origin, setOrigin] = useState(initial.origin);
  const [showArchived, setShowArchived] = useState(initial.archived);
  const [checked, setChecked] = useState<string[]>([]);
  const encodings = useMemo(() => [...new Set(rows.filter((r) => r.kind === "logreg").map((r) => r.encoding))], [rows]);
  const penalties = useMemo(() => [...new Set(rows.filter((r) => r.kind === "logreg").map((r) => r.penalty))], [rows]);
  const tags = useMemo(() => [...new Set(rows.flatMap((r) => r.status.tags))].sort(), [rows]);
  const archivedCount = rows.filter((r) => r.status.archived).length;

  // The URL carries the view (defaults left out).
  const unlessDefault = (value: string, fallback: string) => (value === fallback ? null : value);
  useQueryMirror(
    {
      sort: unlessDefault(sort.key, "averagePrecision"),
      order: unlessDefault(sort.descending ? "desc" : "asc", "desc"),
      encoding: unlessDefault(encoding, "all"),
      penalty: unlessDefault(penalty, "all"),
      tag: unlessDefault(tag, "all"),
      origin: unlessDefault(origin, "all"),
      archived: showArchived ? "1" : null,
    },
    rows,
  );

  const visible = useMemo(() => {
    const filtered = rows.filter(
      (r) =>
        (showArchived || !r.status.archived) &&
        (tag === "all" || r.status.tags.includes(tag)) &&
        (origin === "all" || (origin === "browser") === r.status.browserStarted) &&
        (r.kind === "baseline" || ((encoding === "all" || r.encoding === encoding) && (penalty === "all" || r.penalty === penalty))),
    );
    const sign = sort.descending ? -1 : 1;
    return filtered.sort((a, b) => {
      const x = value(a, sort.key);
      const y = value(b, sort.key);
      return typeof x === "number" && typeof y === "number" ? sign * (x - y) : sign * String(x).localeCompare(String(y));
    });
  }, [rows, encoding, penalty, tag, origin, showArchived, sort]);

  const toggle = (id: string) => setChecked((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const best = Math.max(...rows.map((r) => r.validation.averagePrecision));

  return (
    <div>
      <div className="no-print mb-3 flex flex-wrap items-end gap-4 text-sm">
        <label className="flex flex-col">
          <span className="text-slate-600">Encoding</span>
          <select className="rounded border border-slate-300 px-2 py-1" value={encoding} onChange={(e) => setEncoding(e.target.value)} aria-label="Filter by encoding">
            <option value="all">all</option>
            {encodings.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-slate-600">Penalty</span>
          <select className="rounded border border-slate-300 px-2 py-1" value={penalty} onChange={(e) => setPenalty(e.target.value)} aria-label="Filter by penalty">
            <option value="all">all</option>
            {penalties.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        {tags.length ? (
          <label className="flex flex-col">
            <span className="text-slate-600">Tag</span>
            <select className="rounded border border-slate-300 px-2 py-1" value={tag} onChange={(e) => setTag(e.target.value)} aria-label="Filter by tag">
              <option value="all">all</option>
              {tags.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="flex flex-col">
          <span className="text-slate-600">Started</span>
          <select className="rounded border border-slate-300 px-2 py-1" value={origin} onChange={(e) => setOrigin(e.target.value)} aria-label="Filter by where the experiment was started">
            <option value="all">anywhere</option>
            <option value="grid">in the grid (experiments/)</option>
            <option value="browser">from the browser</option>
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} data-testid="show-archived" />
          show archived ({archivedCount})
        </label>
        <span className="text-slate-500" data-testid="row-count">
          {visible.length} of {rows.length} experiments
        </span>
        {checked.length >= 2 ? (
          <Link
            href={`/compare?ids=${checked.map(encodeURIComponent).join(",")}`}
            className="rounded bg-slate-900 px-3 py-1.5 text-white hover:bg-slate-700"
            data-testid="compare-link"
          >
            Compare {checked.length} selected
          </Link>
        ) : (
          <span className="text-slate-500">Tick two or more rows to compare them.</span>
        )}
      </div>
      <DataTable
        testId="experiments-table"
        className="w-full"
        caption="Experiments with their validation metrics"
        captionClassName="sr-only"
        cellGap="pr-3"
        padLast
        columns={[
          { key: "compare", label: <span className="sr-only">Compare</span>, gap: "none", className: "w-8" },
          ...COLUMNS.map(
            (c): TableColumn => ({
              key: c.key,
              numeric: c.numeric,
              className: "py-1",
              sort: sort.key === c.key ? (sort.descending ? "descending" : "ascending") : "none",
              label: (
                <button
                  type="button"
                  className="font-semibold hover:underline focus:underline"
                  onClick={() => setSort((s) => ({ key: c.key, descending: s.key === c.key ? !s.descending : c.numeric === true }))}
                >
                  {c.label}
                  {sort.key === c.key ? (sort.descending ? " ↓" : " ↑") : ""}
                </button>
              ),
            }),
          ),
        ]}
      >
        {visible.map((r) => (
          <tr key={r.id} className={`border-b border-slate-100 ${r.kind === "baseline" ? "bg-slate-50" : ""} ${r.status.archived ? "text-slate-400" : ""}`} data-testid="experiment-row" data-id={r.id}>
            <td>
              <input type="checkbox" aria-label={`Compare ${r.id}`} checked={checked.includes(r.id)} onChange={() => toggle(r.id)} />
            </td>
            <th scope="row" className="py-1 pr-3 text-left font-normal">
              <Link href={`/experiments/${encodeURIComponent(r.id)}`} className="font-mono text-xs text-blue-800 hover:underline">
                {r.id}
              </Link>
              {r.kind === "baseline" ? <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs">baseline</span> : null}
              {r.id === selectedId ? <span className="ml-2 rounded bg-green-100 px-1.5 text-xs text-green-800">selected model</span> : null}
              {r.converged === false ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-800">not converged</span> : null}
              {r.ranksNobody ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-800" title="every coefficient is zero">ranks nobody</span> : null}
              {r.status.browserStarted ? (
                <span className="ml-2 rounded bg-violet-100 px-1.5 text-xs text-violet-900" title={r.status.promoted ? "counted in the report" : "not in the report unless promoted"}>
                  browser{r.status.promoted ? " · in report" : ""}
                </span>
              ) : null}
              {r.status.archived ? <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs">archived</span> : null}
              {r.status.tags.map((t) => (
                <span key={t} className="ml-2 rounded bg-blue-50 px-1.5 text-xs text-blue-900">{t}</span>
              ))}
              {r.status.note ? <div className="max-w-xs truncate text-xs text-slate-500" title={r.status.note}>{r.status.note}</div> : null}
            </th>
            <td className="pr-3">{r.encoding}</td>
            <td className="pr-3">{r.penalty}</td>
            <td className="pr-3 text-right">{r.C === null ? "—" : r.C.toExponential(0)}</td>
            <td className="pr-3">{r.classWeight}</td>
            <td className={`pr-3 text-right ${r.validation.averagePrecision === best ? "font-semibold" : ""}`}>{r.validation.averagePrecision.toFixed(4)}</td>
            <td className="pr-3 text-right">{r.validation.rocAuc.toFixed(4)}</td>
            <td className="pr-3 text-right">{r.validation.gini.toFixed(4)}</td>
            <td className="pr-3 text-right">{r.validation.f03.toFixed(4)}</td>
            <td className="pr-3 text-right">{r.validation.bestThreshold.toPrecision(3)}</td>
            <td className="pr-3 text-right">{r.fitSeconds.toFixed(2)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
