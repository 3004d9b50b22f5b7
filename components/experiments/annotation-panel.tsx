"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";
import type { ExperimentStatus } from "@/lib/experiments/results/annotations";

/** Tags, a note, archive / restore and (for browser-started runs) promote into the report. */
export function AnnotationPanel({ id, status, action }: { id: string; status: ExperimentStatus; action: (state: ActionState, formData: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, { ok: false, message: null });
  return (
    <form action={formAction} className="no-print mt-3 space-y-2 rounded-lg border border-slate-200 p-3 text-sm" data-testid="annotation-panel">
      <input type="hidden" name="id" value={id} />
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          Tags (comma-separated)
          <input name="tags" defaultValue={status.tags.join(", ")} maxLength={300} className="rounded border border-slate-300 px-2 py-1" data-testid="annotation-tags" />
        </label>
        <label className="flex min-w-[16rem] flex-1 flex-col">
          Note
          <input name="note" defaultValue={status.note} maxLength={1000} className="rounded border border-slate-300 px-2 py-1" data-testid="annotation-note" />
        </label>
        <button type="submit" name="intent" value="save" disabled={pending} className="rounded border border-slate-300 px-3 py-1">Save tags and note</button>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        {status.archived ? (
          <button type="submit" name="intent" value="restore" disabled={pending} className="rounded border border-slate-300 px-3 py-1" data-testid="restore-experiment">Restore</button>
        ) : (
          <button type="submit" name="intent" value="archive" disabled={pending} className="rounded border border-slate-300 px-3 py-1" data-testid="archive-experiment">Archive</button>
        )}
        {status.browserStarted ? (
          status.promoted ? (
            <button type="submit" name="intent" value="demote" disabled={pending} className="rounded border border-slate-300 px-3 py-1">Take out of the report</button>
          ) : (
            <button type="submit" name="intent" value="promote" disabled={pending} className="rounded border border-slate-300 px-3 py-1" data-testid="promote-experiment">Count in the report</button>
          )
        ) : null}
        <span role="status" aria-live="polite" className={state.ok ? "text-green-700" : "text-red-700"} data-testid="annotation-status">
          {pending ? "Saving…" : state.message}
        </span>
      </div>
    </form>
  );
}
