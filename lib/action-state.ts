import type { FieldErrors } from "./experiments/definitions/custom-experiment";

/*
 * What the app's form actions return to the form that called them. The types live in lib/ so that the
 * client components (components/) and the Server Actions (app/) share them without components importing app/.
 */

/** The new-experiment form and the path explorer's "Save as experiment". */
export interface SubmitState {
  status: "idle" | "invalid" | "queued" | "done" | "error";
  errors: FieldErrors;
  experimentId: string | null;
  runId: string | null;
  message: string | null;
}

/** Select, activate, keep-threshold: one outcome line. */
export interface ActionState {
  ok: boolean;
  message: string | null;
}

/** The sign-in form. */
export interface SignInState {
  error: string | null;
}
