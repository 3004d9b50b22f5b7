"use client";

import Link from "next/link";
import { useActionState, useMemo, useState } from "react";
import type { SubmitState } from "@/lib/action-state";
import { parseCustomExperiment } from "@/lib/experiments/definitions/custom-experiment";
import { BASE_FEATURES } from "@/lib/features/base-features";
import { ENCODINGS, encodingDefinition } from "@/lib/features/encodings";
import { PENALTIES } from "@/lib/model/penalties";
import { RunsPanel, type RunWithResult } from "./runs-panel";

const GROUPS = ["history", "product", "household", "order"] as const;

/** "New experiment": parameters with the library's validation inline, submitted to the run queue. */
export function NewExperimentForm({ action, canSubmit }: { action: (state: SubmitState, formData: FormData) => Promise<SubmitState>; canSubmit: boolean }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle", errors: {}, experimentId: null, runId: null, message: null });
  const [encoding, setEncoding] = useState("none");
  const [penalty, setPenalty] = useState("l2");
  const [logC, setLogC] = useState(-2);
  const [C, setC] = useState("0.01");
  const [l1Ratio, setL1Ratio] = useState("0.5");
  const [classWeight, setClassWeight] = useState("none");
  const [finished, setFinished] = useState<RunWithResult | null>(null);
  const [features, setFeatures] = useState<string[]>(BASE_FEATURES.map((f) => f.name));

  const all = features.length === BASE_FEATURES.length;
  // The same validation the server runs, as the user types.
  const local = useMemo(() => parseCustomExperiment({ encoding, penalty, C, l1Ratio, classWeight, features: all ? null : features }), [encoding, penalty, C, l1Ratio, classWeight, features, all]);
  const errors = "errors" in local ? local.errors : state.status === "invalid" ? state.errors : {};
  const id = "spec" in local ? local.spec.id : null;

  return (
    <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
      <form action={formAction} className="space-y-3 rounded-lg border border-slate-200 p-3" data-testid="new-experiment-form" noValidate>
        <h3 className="font-semibold">New experiment</h3>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex flex-col">
            Encoding
            <select name="encoding" value={encoding} onChange={(e) => setEncoding(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
              {ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {encodingDefinition(e).label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            Penalty
            <select name="penalty" value={penalty} onChange={(e) => setPenalty(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
              {PENALTIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          {penalty !== "none" ? (
            <label className="flex flex-col">
              C
              <span className="flex items-center gap-2">
                <input
                  name="C"
                  value={C}
                  onChange={(e) => setC(e.target.value)}
                  className="w-28 rounded border border-slate-300 px-2 py-1"
                  aria-invalid={errors.C ? true : undefined}
                  aria-describedby="C-error"
                  data-testid="C-input"
                />
                <input
                  type="range"
                  min={-8}
                  max={2}
                  step={0.25}
                  value={logC}
                  onChange={(e) => {
                    setLogC(Number(e.target.value));
                    setC(String(Number((10 ** Number(e.target.value)).toPrecision(3))));
                  }}
                  aria-label="C on a log scale"
                />
              </span>
            </label>
          ) : null}
          {penalty === "elasticnet" ? (
            <label className="flex flex-col">
              l1_ratio
              <input name="l1Ratio" value={l1Ratio} onChange={(e) => setL1Ratio(e.target.value)} className="w-20 rounded border border-slate-300 px-2 py-1" aria-invalid={errors.l1Ratio ? true : undefined} />
            </label>
          ) : null}
          <label className="flex flex-col">
            Class weight
            <select name="classWeight" value={classWeight} onChange={(e) => setClassWeight(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
              <option>none</option>
              <option>balanced</option>
            </select>
          </label>
        </div>
        {Object.entries(errors).map(([field, message]) => (
          <p key={field} id={`${field}-error`} role="alert" className="text-sm text-red-700" data-testid="field-error">
            {message}
          </p>
        ))}
        <fieldset className="text-sm">
          <legend className="font-medium">Features</legend>
          <input type="hidden" name="allFeatures" value={all ? "on" : "off"} />
          <div className="grid gap-2 sm:grid-cols-4">
            {GROUPS.map((group) => (
              <div key={group}>
                <label className="font-medium">
                  <input
                    type="checkbox"
                    className="mr-1"
                    ref={(el) => {
                      // Some but not all of the group: the box shows a partial state.
                      const names = BASE_FEATURES.filter((f) => f.group === group).map((f) => f.name);
                      const n = names.filter((name) => features.includes(name)).length;
                      if (el) el.indeterminate = n > 0 && n < names.length;
                    }}
                    data-testid={`group-${group}`}
                    checked={BASE_FEATURES.filter((f) => f.group === group).every((f) => features.includes(f.name))}
                    onChange={(e) => {
                      const names = BASE_FEATURES.filter((f) => f.group === group).map((f) => f.name);
                      setFeatures((current) => (e.target.checked ? [...new Set([...current, ...names])] : current.filter((n) => !names.includes(n))));
                    }}
                  />
                  {group}
                </label>
                {BASE_FEATURES.filter((f) => f.group === group).map((f) => (
                  <label key={f.name} className="block pl-4 text-xs text-slate-600">
                    <input
                      type="checkbox"
                      name="features"
                      value={f.name}
                      className="mr-1"
                      checked={features.includes(f.name)}
                      onChange={(e) => setFeatures((current) => (e.target.checked ? [...current, f.name] : current.filter((n) => n !== f.name)))}
                    />
                    {f.name}
                  </label>
                ))}
              </div>
            ))}
          </div>
        </fieldset>
        <div className="flex items-center gap-3">
          <button type="submit" disabled={!canSubmit || pending || "errors" in local} className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50" data-testid="submit-experiment">
            {pending ? "Submitting…" : "Run experiment"}
          </button>
          {id ? <span className="font-mono text-xs text-slate-500">{id}</span> : null}
        </div>
        {!canSubmit ? (
          <p className="text-sm text-slate-600">
            <Link href="/login?next=/experiments" className="underline">Sign in</Link> to run experiments.
          </p>
        ) : null}
        <p role="status" className="text-sm" data-testid="submit-status">
          {state.status === "queued" && !finished ? `Queued ${state.experimentId}: follow it under Runs.` : null}
          {state.status === "queued" && finished?.status === "failed" ? <span className="text-red-700">{state.experimentId} failed: {finished.error}</span> : null}
          {state.status === "queued" && finished?.status === "done" && state.experimentId ? (
            <span data-testid="submit-result">
              Done: validation average precision {finished.averagePrecision?.toFixed(4) ?? "—"}.{" "}
              <Link href={`/experiments/${encodeURIComponent(state.experimentId)}`} className="underline" data-testid="submit-result-link">
                Open {state.experimentId}
              </Link>
            </span>
          ) : null}
          {state.status === "done" && state.experimentId ? (
            <>
              {state.message}{" "}
              <Link href={`/experiments/${encodeURIComponent(state.experimentId)}`} className="underline" data-testid="existing-result-link">
                Open {state.experimentId}
              </Link>
            </>
          ) : null}
          {state.status === "error" ? <span className="text-red-700">{state.message}</span> : null}
        </p>
      </form>
      <RunsPanel highlight={state.experimentId} onRuns={(runs) => setFinished(runs.find((r) => r.kind === "experiment" && r.key === state.experimentId && (r.status === "done" || r.status === "failed")) ?? null)} />
    </div>
  );
}
