"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { RunRecord } from "@/lib/experiments/queue/run-queue";

/**
 * The findings' place while the report's simultaneous intervals are computed behind the app (the first
 * time for these results: about a minute and a half at full size): what is computing and how far it is,
 * streamed from /api/runs/events; the page refreshes itself (no reload) when the run ends.
 */
export function FamilyStatus({ initial, comparisons }: { initial: RunRecord; comparisons: number }) {
  const [run, setRun] = useState(initial);
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource("/api/runs/events");
    source.onmessage = (event) => {
      const current = (JSON.parse(event.data) as RunRecord[]).find((r) => r.runId === initial.runId);
      if (!current) return;
      setRun(current);
      if (current.status !== "queued" && current.status !== "running") {
        source.close();
        if (current.status === "done") router.refresh();
      }
    };
    return () => source.close();
  }, [initial.runId, router]);

  const progress = run.progress;
  const failed = run.status === "failed" || run.status === "interrupted";
  return (
    <div
      role="status"
      data-testid="family-status"
      data-status={run.status}
      className={`rounded-lg border p-3 text-sm ${failed ? "border-amber-200 bg-amber-50 text-amber-900" : "border-sky-200 bg-sky-50 text-sky-900"}`}
    >
      {failed ? (
        <p>
          Computing the intervals {run.status}
          {run.error ? `: ${run.error}` : ""}. Reload the page to try again, or run <code>npx pushlab report --family-cache</code>.
        </p>
      ) : (
        <>
          <p className="font-medium">
            Computing the simultaneous intervals of the report&apos;s {comparisons} comparisons (bootstrap resamples of whole validation orders)
          </p>
          <p data-testid="family-progress">
            {run.status === "queued"
              ? "Waiting for the run in progress to finish…"
              : run.status === "done"
                ? "Done; the findings are being filled in."
                : progress && progress.total > 0
                  ? `${progress.done.toLocaleString("en-US")} of ${progress.total.toLocaleString("en-US")} resamples done`
                  : "starting…"}
          </p>
          {progress && progress.total > 0 && run.status === "running" ? (
            <progress className="mt-1 h-2 w-60" max={progress.total} value={progress.done} aria-label="resamples done" />
          ) : null}
          <p className="text-xs text-sky-700">The findings appear here when it is done, without a reload; the result is cached for the next visit.</p>
        </>
      )}
    </div>
  );
}
