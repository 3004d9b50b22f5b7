import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ActionForm } from "@/components/registry/action-form";
import { VersionsChart } from "@/components/registry/versions-chart";
import { RegistryProblemNotice } from "@/components/registry/registry-problem";
import { registryProblem } from "@/lib/registry/health";
import { EMPTY_INDEX } from "@/lib/registry/index-file";
import { listVersions, readHistory, readVersionMetadata, type VersionMetadata } from "@/lib/registry/registry";
import { recordTestView, testDaysStatement, testLooks } from "@/lib/registry/test-ledger";
import { resolveWorkspace } from "@/lib/workspace";
import { activateVersionAction } from "../_server/registry-actions";
import { accessMode } from "../_server/session";

export const metadata: Metadata = { title: "Model registry" };

export default async function RegistryPage({ searchParams }: { searchParams: Promise<{ activated?: string }> }) {
  await connection();
  const { activated } = await searchParams;
  const ws = resolveWorkspace();
  const problem = registryProblem(ws);
  // A corrupt index lists nothing (the notice says how to rebuild it); a corrupt active model still lists the versions to roll back to.
  const index = problem?.kind === "index" ? EMPTY_INDEX : listVersions(ws.registryDir);
  const history = readHistory(ws.registryDir).reverse();
  const mode = await accessMode();
  const metadata = new Map<string, VersionMetadata | null>();
  for (const v of index.versions) {
    try {
      metadata.set(v.version, readVersionMetadata(ws.registryDir, v.version));
    } catch {
      metadata.set(v.version, null);
    }
  }
  const active = index.versions.find((v) => v.version === index.active) ?? null;
  const activeMetadata = active ? metadata.get(active.version) ?? null : null;
  const testDays = activeMetadata ? testLooks(ws.registryDir, activeMetadata.dataFingerprint, active!.version) : null;
  if (active && activeMetadata) {
    // This page shows every version's test figures: the ledger records that they were shown.
    await recordTestView(ws.registryDir, {
      page: "/registry",
      actor: mode.open ? "web:local" : mode.admin ? "web:admin" : "web:reader",
      version: active.version,
      experimentId: active.experimentId,
      threshold: active.threshold,
      refit: active.refit,
      dataFingerprint: activeMetadata.dataFingerprint,
    });
  }
  const interval = (v: string, metric: "averagePrecision" | "precision" | "recall" | "f03", format: (x: number) => string) => {
    const iv = metadata.get(v)?.testIntervals?.[metric];
    return iv && Number.isFinite(iv.low) ? <div className="text-xs text-slate-500">[{format(iv.low)}, {format(iv.high)}]</div> : null;
  };
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  const activeEntry = index.versions.find((v) => v.version === index.active) ?? null;
  // Only a version the index really holds is named in the success message (never the raw parameter).
  const justActivated = typeof activated === "string" && activated === index.active ? activeEntry : null;
  const points = index.versions.flatMap((v) => [
    { version: v.version, experimentId: v.experimentId, split: "validation" as const, ap: v.validation.averagePrecision },
    { version: v.version, experimentId: v.experimentId, split: "test" as const, ap: v.test.averagePrecision },
  ]);
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-3xl font-bold tracking-tight">Model registry</h1>
        <p className="mt-2 max-w-3xl text-slate-600">
          Every selected model is a timestamped version with its pipeline, coefficients, threshold and test-set figures (with 95% order-bootstrap intervals). The active version
          is the one <code>pushlab predict</code> and <code>POST /api/predict</code> use; rolling back makes an older version active again.
        </p>
      </header>
      {problem ? <RegistryProblemNotice problem={problem} linkToRegistry={false} /> : null}
      {justActivated ? (
        <p role="status" className="rounded border border-green-200 bg-green-50 p-3 text-green-900" data-testid="activated-message">
          {justActivated.version} ({justActivated.experimentId}) is now the active model: <code>pushlab predict</code> and <code>/api/predict</code> use it from now on.
        </p>
      ) : null}
      {problem && index.versions.length === 0 ? null : index.versions.length === 0 ? (
        <p role="status" className="rounded border border-amber-200 bg-amber-50 p-4">
          No model selected yet. Open an <Link href="/experiments" className="underline">experiment</Link> and press “Select as model”, or run{" "}
          <code>npx pushlab select ID</code>.
        </p>
      ) : (
        <>
          {testDays ? (
            <section data-testid="test-days">
              <h2 className="text-xl font-semibold">Use of the test days</h2>
              <p className={`mt-2 max-w-3xl ${testDays.activeChosenBeforeTestDays ? "" : "rounded border border-amber-300 bg-amber-50 p-2"}`} data-testid="test-days-statement">
                {testDaysStatement(testDays)}
              </p>
              <p className="mt-1 text-sm text-slate-600" data-testid="test-days-counts">
                {testDays.looks} {testDays.looks === 1 ? "look" : "looks"} (selections evaluated on the test days of this data), {testDays.views} page{" "}
                {testDays.views === 1 ? "view" : "views"} of test figures recorded. Thresholds are fixed on validation: a stated one is accepted only before the first look.
              </p>
              {testDays.selections.length > 0 ? (
                <div className="relative overflow-x-auto">
                <table className="mt-2 text-sm tabular-nums" data-testid="test-looks-table">
                  <thead className="border-b border-slate-300 text-left">
                    <tr>
                      <th scope="col" className="pr-3">Look</th>
                      <th scope="col" className="pr-3">When</th>
                      <th scope="col" className="pr-3">By</th>
                      <th scope="col" className="pr-3">Experiment</th>
                      <th scope="col" className="pr-3 text-right">Threshold</th>
                      <th scope="col" className="pr-3">Threshold from</th>
                      <th scope="col">Version</th>
                    </tr>
                  </thead>
                  <tbody>
                    {testDays.selections.map((l) => (
                      <tr key={`${l.version}-${l.look}`} className="border-b border-slate-100" data-testid="test-look-row">
                        <td className="pr-3">{l.look}{l.look === 1 ? " (confirmatory)" : ""}</td>
                        <td className="pr-3">{l.time.slice(0, 19).replace("T", " ")}</td>
                        <td className="pr-3">{l.actor}</td>
                        <td className="pr-3 font-mono text-xs">{l.experimentId}{l.refit ? " (refit)" : ""}</td>
                        <td className="pr-3 text-right">{l.threshold.toPrecision(3)}</td>
                        <td className="pr-3">{l.thresholdSource === "explicit" ? "stated" : l.thresholdSource === "kept" ? "kept on the experiment page" : "best F0.3 on validation"}</td>
                        <td className="font-mono text-xs">{l.version}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                </div>
              ) : null}
            </section>
          ) : null}
          <section>
            <h2 className="text-xl font-semibold">Versions</h2>
            <div className="relative overflow-x-auto">
              <table className="mt-2 w-full text-sm tabular-nums" data-testid="versions-table">
                <thead className="border-b border-slate-300 text-left">
                  <tr>
                    <th scope="col" className="py-1 pr-3">Version</th>
                    <th scope="col" className="pr-3">Experiment</th>
                    <th scope="col" className="pr-3">Created</th>
                    <th scope="col" className="pr-3">By</th>
                    <th scope="col" className="pr-3 text-right">Threshold</th>
                    <th scope="col" className="pr-3 text-right">Val AP (held out)</th>
                    <th scope="col" className="pr-3 text-right">Test AP</th>
                    <th scope="col" className="pr-3 text-right">Test precision</th>
                    <th scope="col" className="pr-3 text-right">Test recall</th>
                    <th scope="col" className="pr-3 text-right">Test F0.3</th>
                    <th scope="col"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {[...index.versions].reverse().map((v) => {
                    const active = v.version === index.active;
                    return (
                      <tr key={v.version} className={`border-b border-slate-100 ${active ? "bg-green-50" : ""}`} data-testid="version-row" data-active={active}>
                        <th scope="row" className="py-1 pr-3 text-left font-mono text-xs font-normal">
                          <Link href={`/registry/${v.version}`} className="text-blue-800 hover:underline" data-testid="version-link">{v.version}</Link>
                          {active ? <span className="ml-2 rounded bg-green-200 px-1.5 text-green-900">active</span> : null}
                        </th>
                        <td className="pr-3">
                          <Link href={`/experiments/${encodeURIComponent(v.experimentId)}`} className="font-mono text-xs text-blue-800 hover:underline">{v.experimentId}</Link>
                          {v.refit ? <span className="ml-1 text-xs text-slate-500">(refit)</span> : null}
                          {v.note ? <div className="text-xs text-slate-500">{v.note}</div> : null}
                        </td>
                        <td className="pr-3">{v.createdAt.slice(0, 19).replace("T", " ")}</td>
                        <td className="pr-3">{v.actor}</td>
                        <td className="pr-3 text-right">{v.threshold.toPrecision(3)}</td>
                        <td className="pr-3 text-right">
                          {v.validation.averagePrecision.toFixed(4)}
                          {v.refit && metadata.get(v.version)?.validationInSample ? (
                            <div className="text-xs text-slate-500" data-testid="in-sample-ap">in-sample after refit {metadata.get(v.version)!.validation.averagePrecision.toFixed(4)}</div>
                          ) : null}
                        </td>
                        <td className="pr-3 text-right">{v.test.averagePrecision.toFixed(4)}{interval(v.version, "averagePrecision", (x) => x.toFixed(4))}</td>
                        <td className="pr-3 text-right">{percent(v.test.precision)}{interval(v.version, "precision", percent)}</td>
                        <td className="pr-3 text-right">{percent(v.test.recall)}{interval(v.version, "recall", percent)}</td>
                        <td className="pr-3 text-right">{v.test.f03.toFixed(4)}{interval(v.version, "f03", (x) => x.toFixed(4))}</td>
                        <td className="no-print">
                          {!active && mode.admin ? (
                            activeEntry && v.createdAt > activeEntry.createdAt ? (
                              <ActionForm
                                action={activateVersionAction}
                                hidden={{ version: v.version, reason: "re-activated a newer version from the registry page" }}
                                submitLabel="Activate this newer version"
                                pendingLabel="Activating…"
                                confirmMessage={`Make the newer version ${v.version} (${v.experimentId}) active again instead of ${activeEntry.version}?`}
                                testId={`activate-${v.version}`}
                              />
                            ) : (
                              <ActionForm
                                action={activateVersionAction}
                                hidden={{ version: v.version, reason: "rollback from the registry page" }}
                                submitLabel="Roll back to this"
                                pendingLabel="Activating…"
                                confirmMessage={`Roll back to ${v.version} (${v.experimentId})? It replaces ${activeEntry?.version ?? "the active version"} for predict and the API.`}
                                testId={`activate-${v.version}`}
                              />
                            )
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {!mode.admin ? (
              <p className="mt-2 text-sm text-slate-600">
                <Link href="/login?next=/registry" className="underline">Sign in</Link> to roll back.
              </p>
            ) : null}
          </section>
          <section>
            <h2 className="text-xl font-semibold">Average precision across versions</h2>
            <VersionsChart points={points} />
          </section>
          <section>
            <h2 className="text-xl font-semibold">History</h2>
            <ol className="mt-2 space-y-1 border-l border-slate-300 pl-4 text-sm" data-testid="history">
              {history.map((e, k) => (
                <li key={k}>
                  <time className="text-slate-500">{e.time.slice(0, 19).replace("T", " ")}</time> — <strong>{e.action}</strong> {e.version} ({e.experimentId}) by {e.actor}
                  {e.reason ? `: ${e.reason}` : ""}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </article>
  );
}
