import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";

/**
 * The new-experiment form runs the library's validation in the browser. Its modules must not reach
 * the definition schema (zod), the pipeline or the solver, or every page with the form ships them.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every module reached by value imports (type-only imports are erased), and the packages they import. */
function closure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of importsOf(file)) {
      const local = resolveLocal(file, specifier);
      if (local) visit(local);
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files, packages };
}

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
