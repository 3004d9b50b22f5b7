"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { RunRecord } from "@/lib/experiments/queue/run-queue";

/** Fewest milliseconds between two refreshes of the page while results land (each re-renders it on the server). */
const REFRESH_EVERY_MS = 3_000;

/**
 * The banner on every page while `pushlab serve` prepares the data and runs the grid behind the app:
 * N of the experiments done and the current stage, streamed from /api/runs/events, refreshing the page
 * as results land. Rendered only while the grid runs, so a finished server opens no stream.
 */
export function GridStatus({ initial }: { initial: RunRecord }) {
  const [run, setRun] = useState(initial);
  const router = useRouter();
  const seen = useRef(`${initial.progress?.done ?? 0}|${initial.stage}`);
  useEffect(() => {
    const source = new EventSource("/api/runs/events");
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const refresh = () => {
      timer = null;
      last = Date.now();
      router.refresh();
    };
    source.onmessage = (event) => {
      const current = (JSON.parse(event.data) as RunRecord[]).find((r) => r.runId === initial.runId);
      if (!current) return;
      setRun(current);
      const key = `${current.progress?.done ?? 0}|${current.stage}`;
      const finished = current.status !== "queued" && current.status !== "running";
      if (finished) {
        source.close();
        if (timer) clearTimeout(timer);
        refresh();
      } else if (key !== seen.current && !timer) {
        timer = setTimeout(refresh, Math.max(0, last + REFRESH_EVERY_MS - Date.now()));
      }
      seen.current = key;
    };
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [initial.runId, router]);

  const active = run.status === "queued" || run.status === "running";
  const progress = run.progress;
  return (
    <div
      role="status"
      data-testid="grid-status"
      data-status={run.status}
      className={`no-print border-b px-4 py-2 text-sm ${active ? "border-sky-200 bg-sky-50 text-sky-900" : run.status === "done" ? "border-green-200 bg-green-50 text-green-900" : "border-amber-200 bg-amber-50 text-amber-900"}`}
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3">
        {active ? (
          <>
            <span className="font-medium">Preparing the results</span>
            <span data-testid="grid-progress">{progress ? `${progress.done} of ${progress.total} experiments done` : "preparing the data"}</span>
            <span className="text-sky-700" data-testid="grid-stage">— {run.stage}</span>
            {progress && progress.total > 0 ? (
              <progress className="h-2 w-40" max={progress.total} value={progress.done} aria-label="experiments done" />
            ) : null}
            <span className="text-xs text-sky-700">This page fills in as results land.</span>
          </>
        ) : run.status === "done" ? (
          <span>All {progress?.total ?? ""} experiments are done.</span>
        ) : (
          <span>
            The grid run {run.status}
            {run.error ? `: ${run.error}` : ""}. See the server log; <code>npx pushlab run</code> retries what is missing.
          </span>
        )}
      </div>
    </div>
  );
}
