import { describe, expect, expectTypeOf, it } from "vitest";
import type { ActionState, SignInState, SubmitState } from "../lib/action-state";
import type { FieldErrors } from "../lib/experiments/definitions/custom-experiment";

/*
 * lib/action-state.ts holds only types: what the app's form actions return to their forms. The
 * type assertions below are checked by `tsc --noEmit` (part of `npm test`); the runtime checks hold the
 * one rule a Server Action's result must keep: plain data that survives serialization unchanged.
 */

describe("form action states", () => {
  it("are plain data that survive serialization (Server Action results cross the network)", () => {
    const states = [
      { status: "idle", errors: {}, experimentId: null, runId: null, message: null },
      { status: "invalid", errors: { C: "C must be > 0", encoding: "unknown encoding" }, experimentId: null, runId: null, message: null },
      { status: "queued", errors: {}, experimentId: "lr-frequency-l2-C1e-2-unweighted", runId: "run-1", message: "queued" },
      { ok: true, message: "selected" },
      { ok: false, message: null },
      { error: null },
      { error: "wrong password" },
    ] satisfies (SubmitState | ActionState | SignInState)[];
    for (const state of states) {
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      expect(structuredClone(state)).toEqual(state);
    }
  });

  it("have the shapes the forms read", () => {
    expectTypeOf<SubmitState["status"]>().toEqualTypeOf<"idle" | "invalid" | "queued" | "done" | "error">();
    expectTypeOf<SubmitState["errors"]>().toEqualTypeOf<FieldErrors>();
    expectTypeOf<SubmitState["experimentId"]>().toEqualTypeOf<string | null>();
    expectTypeOf<SubmitState["runId"]>().toEqualTypeOf<string | null>();
    expectTypeOf<SubmitState["message"]>().toEqualTypeOf<string | null>();
    expectTypeOf<ActionState>().toEqualTypeOf<{ ok: boolean; message: string | null }>();
    expectTypeOf<SignInState>().toEqualTypeOf<{ error: string | null }>();
    // Field errors are keyed by the new-experiment form's fields.
    expectTypeOf<keyof FieldErrors>().toEqualTypeOf<"encoding" | "penalty" | "C" | "l1Ratio" | "classWeight" | "features">();
  });
});
