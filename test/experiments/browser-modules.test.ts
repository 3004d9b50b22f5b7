import { describe, expect, it } from "vitest";
import path from "node:path";
import { ROOT, staticImportClosure as closure } from "../helpers/import-closure";

/**
 * The new-experiment form runs the library's validation in the browser. Its modules must not reach
 * the definition schema (zod), the pipeline or the solver, or every page with the form ships them.
 */
describe("modules the browser's new-experiment form imports", () => {
  it("reach neither zod nor the pipeline nor the solver", () => {
    const { files, packages } = closure(path.join(ROOT, "lib/experiments/definitions/custom-experiment.ts"));
    const relative = [...files].map((f) => path.relative(ROOT, f));
    expect(relative).toContain("lib/model/parameter-rules.ts");
    expect([...packages]).toEqual([]);
    for (const heavy of ["lib/experiments/definitions/definition.ts", "lib/features/pipeline.ts", "lib/model/logistic-regression.ts", "lib/model/lbfgs.ts"]) expect(relative).not.toContain(heavy);
  });

  it("the closure walk does see heavy imports (it would catch a regression)", () => {
    const { files, packages } = closure(path.join(ROOT, "lib/experiments/definitions/definition.ts"));
    expect([...packages]).toContain("zod");
    expect([...files].map((f) => path.relative(ROOT, f))).toContain("lib/experiments/definitions/spec.ts");
  });
});
