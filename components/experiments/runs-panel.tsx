"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { RunRecord } from "@/lib/experiments/queue/run-queue";

/** Live view of the run queue, streamed from /api/runs/events; refreshes the page when a run finishes. */
export type RunWithResult = RunRecord & { averagePrecision?: number };

export function RunsPanel({ highlight, onRuns }: { highlight?: string | null; onRuns?: (runs: RunWithResult[]) => void }) {
  const [runs, setRuns] = useState<RunWithResult[]>([]);
  const [connected, setConnected] = useState(false);
  const finished = useRef(new Set<string>());
  const first = useRef(true);
  // The latest callback: the event source lives across renders, and a callback captured at mount would read the first render's props.
  const latestOnRuns = useRef(onRuns);
  useEffect(() => {
    latestOnRuns.current = onRuns;
  });
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource("/api/runs/events");
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.onmessage = (event) => {
      const list = JSON.parse(event.data) as RunWithResult[];
      setRuns(list);
      latestOnRuns.current?.(list);
      // Refresh for runs that finish while the page is open; of the first list, only for those that ended just before it connected
      // (every earlier one is already in the page: refreshing for them reloaded it on every visit and dropped the URL's view state).
      let refresh = false;
      for (const r of list) {
        if (r.status === "done" && !finished.current.has(r.runId)) {
          if (!first.current || Date.now() - Date.parse(r.updatedAt) < 10_000) refresh = true;
          finished.current.add(r.runId);
        }
      }
      first.current = false;
      if (refresh) router.refresh();
    };
    return () => source.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [router]);

  // The eight newest runs, and the newest grid run (what `pushlab serve` computed behind the app) even when older.
  const recent = runs.slice(0, 8);
  const grid = runs.find((r) => r.kind === "grid");
  const visible = grid && !recent.includes(grid) ? [...recent, grid] : recent;
  const hidden = runs.length - visible.length;
  return (
    <section aria-labelledby="runs-heading" className="rounded-lg border border-slate-200 p-3" data-testid="runs-panel">
      <h3 id="runs-heading" className="font-semibold">
        Runs <span className="text-xs font-normal text-slate-500">{connected ? "live" : "connecting…"}</span>
      </h3>
      {visible.length === 0 ? <p className="text-sm text-slate-500">No runs started from the browser yet.</p> : null}
      <ul className="mt-2 space-y-1 text-sm">
        {visible.map((r) => (
          <li key={r.runId} className={r.key === highlight ? "font-medium" : ""} data-testid="run" data-key={r.key} data-status={r.status}>
            <span className="font-mono text-xs">{r.kind === "experiment" ? r.key : r.kind === "grid" ? "experiment grid" : r.kind === "family" ? "report intervals" : r.key.replace(/^path:/, "path ")}</span> —{" "}
            <span role="status" data-testid="run-stage" className={r.status === "failed" ? "text-red-700" : r.status === "done" ? "text-green-700" : r.status === "interrupted" ? "text-amber-700" : ""}>
              {r.status === "running" || r.status === "interrupted" ? r.stage : r.status}
              {r.status === "running" && r.iteration !== null && r.stage === "fitting" ? ` (iteration ${r.iteration}, loss ${r.loss?.toPrecision(5)})` : ""}
              {(r.kind === "grid" || r.kind === "family") && r.progress ? ` (${r.progress.done} of ${r.progress.total})` : ""}
            </span>
            {r.status === "failed" && r.error ? <span className="text-red-700">: {r.error}</span> : null}
            {r.status === "done" && r.kind === "experiment" ? (
              <>
                {r.averagePrecision !== undefined ? <span data-testid="run-result-ap"> — validation AP {r.averagePrecision.toFixed(4)}</span> : null}{" "}
                <Link href={`/experiments/${encodeURIComponent(r.key)}`} className="text-blue-800 underline" data-testid="run-result-link">open</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {hidden > 0 ? <p className="mt-1 text-xs text-slate-500" data-testid="runs-hidden">{hidden} earlier {hidden === 1 ? "run" : "runs"} not shown</p> : null}
    </section>
  );
}
