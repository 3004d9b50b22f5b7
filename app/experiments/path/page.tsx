import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { connection } from "next/server";
import { PathExplorer } from "@/components/experiments/path-explorer";
import { RunsPanel } from "@/components/experiments/runs-panel";
import { currentFingerprint } from "@/lib/experiments/results/current-results";
import { PATH_PENALTIES, readPath } from "@/lib/experiments/paths/regularization-path";
import { runQueue } from "@/lib/experiments/queue/run-queue-service";
import type { Penalty } from "@/lib/experiments/definitions/definition";
import { ENCODINGS, type Encoding } from "@/lib/features/pipeline";
import { resolveWorkspace } from "@/lib/workspace";
import { startPathAction, submitExperimentAction } from "../../_server/run-actions";
import { accessMode } from "../../_server/session";

export const metadata: Metadata = { title: "Regularization path" };

export default async function PathPage({ searchParams }: { searchParams: Promise<{ encoding?: string; penalty?: string }> }) {
  await connection();
  const params = await searchParams;
  const encoding = (ENCODINGS.includes(params.encoding as Encoding) ? params.encoding : "none") as Encoding;
  const penalty = (PATH_PENALTIES.includes(params.penalty as Penalty) ? params.penalty : "l2") as Penalty;
  const ws = resolveWorkspace();
  const fingerprint = currentFingerprint(ws);
  const result = fingerprint ? readPath(ws.pathsDir, encoding, penalty, fingerprint) : null;
  const mode = await accessMode();
  const running = runQueue(ws).list().find((r) => r.key === `path:${encoding}:${penalty}` && (r.status === "queued" || r.status === "running"));
  return (
    <article className="space-y-6">
      <header>
        <Breadcrumb href="/experiments" label="Experiments" />
        <h1 className="text-3xl font-bold tracking-tight">Regularization path</h1>
        <p className="mt-2 max-w-3xl text-slate-600">
          One family fitted over 30 values of C from 1e-8 to 100, each fit warm-started from the previous one, on the training days; every point is
          judged on the validation days with a 95% order-bootstrap band.
        </p>
        <form className="no-print mt-3 flex flex-wrap items-end gap-3 text-sm" action="/experiments/path">
          <label className="flex flex-col">
            Encoding
            <select name="encoding" defaultValue={encoding} className="rounded border border-slate-300 px-2 py-1">
              {ENCODINGS.map((e) => (
                <option key={e}>{e}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            Penalty
            <select name="penalty" defaultValue={penalty} className="rounded border border-slate-300 px-2 py-1">
              {PATH_PENALTIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded border border-slate-300 px-3 py-1">Show</button>
        </form>
      </header>
      {result ? (
        <>
          <p className="text-sm text-slate-600" data-testid="path-summary">
            {encoding} × {penalty}: {result.points.length} fits in {result.seconds.total.toFixed(1)} s (features {result.seconds.features.toFixed(1)} s), computed{" "}
            {result.createdAt.slice(0, 19).replace("T", " ")}.
          </p>
          <PathExplorer encoding={encoding} penalty={penalty} l1Ratio={result.l1Ratio} featureNames={result.featureNames} points={result.points} canSave={mode.admin} saveAction={submitExperimentAction} />
        </>
      ) : (
        <p role="status" className="rounded border border-amber-200 bg-amber-50 p-4" data-testid="path-missing">
          {running ? "The path is being computed: progress is shown below; the page fills in when it is done." : "This path has not been computed on the current data yet."}
        </p>
      )}
      {mode.admin && !running ? (
        <form action={startPathAction} className="no-print">
          <input type="hidden" name="encoding" value={encoding} />
          <input type="hidden" name="penalty" value={penalty} />
          <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white" data-testid="compute-path">
            {result ? "Recompute the path" : "Compute the path"}
          </button>
        </form>
      ) : null}
      {!mode.admin ? (
        <p className="text-sm text-slate-600">
          <Link href={`/login?next=/experiments/path`} className="underline">Sign in</Link> to compute paths.
        </p>
      ) : null}
      <RunsPanel highlight={`path:${encoding}:${penalty}`} />
    </article>
  );
}
