"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action-state";

/**
 * A small form around a Server Action that reports its outcome in place (a status line while it
 * runs, then the message), used by "Select as model" and "Roll back".
 */
export function ActionForm({
  action,
  hidden,
  submitLabel,
  pendingLabel,
  children,
  testId,
  confirmMessage,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  hidden: Record<string, string>;
  submitLabel: string;
  pendingLabel: string;
  children?: React.ReactNode;
  testId?: string;
  /** Asked with window.confirm before the action runs; cancelling sends nothing. */
  confirmMessage?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false, message: null });
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (confirmMessage && !window.confirm(confirmMessage)) event.preventDefault();
      }}
      className="flex flex-wrap items-center gap-3"
      data-testid={testId}
    >
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <button type="submit" disabled={pending} className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50">
        {pending ? pendingLabel : submitLabel}
      </button>
      <span role="status" aria-live="polite" className={`text-sm ${state.ok ? "text-green-700" : "text-red-700"}`} data-testid={testId ? `${testId}-status` : undefined}>
        {pending ? pendingLabel : state.message}
      </span>
    </form>
  );
}
