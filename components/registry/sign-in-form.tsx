"use client";

import { useActionState } from "react";
import type { SignInState } from "@/lib/action-state";

export function SignInForm({ action, next }: { action: (state: SignInState, formData: FormData) => Promise<SignInState>; next: string }) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  return (
    <form action={formAction} className="mt-4 flex max-w-md flex-col gap-3">
      <input type="hidden" name="next" value={next} />
      <label className="flex flex-col text-sm">
        Admin token
        <input name="token" type="password" autoComplete="current-password" required className="mt-1 rounded border border-slate-300 px-2 py-1" data-testid="token-input" />
      </label>
      <button type="submit" disabled={pending} className="self-start rounded bg-slate-900 px-4 py-1.5 text-white disabled:opacity-50">
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {state.error ? (
        <p role="alert" className="text-sm text-red-700" data-testid="sign-in-error">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
