/**
 * The default grid's cold fits on a real file — all L1 / elastic-net fits (OWL-QN) and the first fit of
 * each L2 warm-start chain (L-BFGS) — fitted cold on all rows against started from a row subsample's
 * solution (fitLogisticRegression's subsampleStart), interleaved fit by fit so the variants see the
 * same load.
 *
 *   node --import tsx bench/subsample-start.ts --file F --cache DIR [--only SUBSTRING]
 *     [--variants default,flat,...] [--json]
 *
 * Variants (subsampleStart settings; "cold" is always run first or second, alternating):
 *   default   the library's defaults (⌈n/16⌉ rows, at least 50,000; subsample tol 1e-5; curvature carried)
 *   flat      the same without the subsample's curvature pairs
 *   tol4      subsample tol 1e-4 (the first default);  loose: 1e-3;  tighter: 1e-6 (the fit's own)
 *   n8, n32   ⌈n/8⌉ or ⌈n/32⌉ rows (at least 50,000) at tol 1e-4;  tight8: ⌈n/8⌉ rows at 1e-5
 * --reference also fits cold at tol 1e-10 and reports each solution's objective above that one's.
 * Per fit: full-data passes, subsample passes and their full-pass equivalent (× s/n), process CPU
 * seconds, the relative difference of the objective (both solutions evaluated by evaluateObjective),
 * and the validation AP difference against the cold fit. Passes are counts and do not depend on load.
 */
import type { Encoding } from "../lib/features/pipeline";
import { averagePrecision } from "../lib/metrics";
import { evaluateObjective, fitLogisticRegression, predictProba, type LogisticOptions, type SubsampleStartOptions } from "../lib/model/logistic-regression";
import { arg, encodingMatrices, fileArguments, loadSplits, measure } from "./harness";

const { file, cacheDir } = fileArguments("node --import tsx bench/subsample-start.ts --file F --cache DIR [--only SUBSTRING] [--variants default,flat] [--json]");
const only = arg("only");
const json = process.argv.includes("--json");
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

const VARIANTS: Record<string, SubsampleStartOptions> = {
  default: { minRows: 0 },
  flat: { minRows: 0, curvature: false },
  tol4: { minRows: 0, tol: 1e-4 },
  loose: { minRows: 0, tol: 1e-3 },
  tighter: { minRows: 0, tol: 1e-6 },
  tight8: { minRows: 0, tol: 1e-5, divisor: 8 },
  n8: { minRows: 0, tol: 1e-4, divisor: 8 },
  n32: { minRows: 0, tol: 1e-4, divisor: 32 },
};
const variants = (arg("variants") ?? "default,flat").split(",");
const reference = process.argv.includes("--reference");
for (const v of variants) if (!(v in VARIANTS)) throw new Error(`unknown variant ${v}; one of ${Object.keys(VARIANTS).join(", ")}`);

interface Spec {
  id: string;
  encoding: Encoding;
  options: LogisticOptions;
}

const c = (v: number) => `C${v.toExponential(0).replace("e+", "e")}`;

/** The default grid's cold fits (experiments/default.json), with the runner's ids. */
function gridSpecs(): Spec[] {
  const specs: Spec[] = [];
  const encodings: Encoding[] = ["none", "frequency", "target", "target-leaky", "onehot"];
  for (const encoding of encodings) {
    specs.push({ id: `lr-${encoding}-l2-C1e-8-unweighted`, encoding, options: { penalty: "l2", C: 1e-8 } });
    for (const C of [1e-4, 1e-2, 1]) specs.push({ id: `lr-${encoding}-l1-${c(C)}`, encoding, options: { penalty: "l1", C } });
    for (const C of [1e-4, 1e-2]) specs.push({ id: `lr-${encoding}-elasticnet-${c(C)}-l1r0.5`, encoding, options: { penalty: "elasticnet", C, l1Ratio: 0.5 } });
  }
  for (const encoding of ["none", "frequency"] as Encoding[]) {
    specs.push({ id: `lr-${encoding}-l2-C1e-6-balanced`, encoding, options: { penalty: "l2", C: 1e-6, classWeight: "balanced" } });
    specs.push({ id: `lr-${encoding}-l1-C1e-2-balanced`, encoding, options: { penalty: "l1", C: 1e-2, classWeight: "balanced" } });
  }
  return specs.filter((s) => only === undefined || s.id.includes(only));
}

interface VariantRow {
  passes: number;
  subsamplePasses: number;
  subsampleRows: number;
  /** passes + subsamplePasses × subsampleRows / rows */
  passEquivalents: number;
  cpuSeconds: number;
  relativeObjectiveDifference: number;
  /** (F − F_ref) / |F_ref| against the cold fit at tol 1e-10 (with --reference). */
  aboveReference?: number;
  apDifference: number;
  converged: boolean;
}
interface Row {
  id: string;
  rows: number;
  cold: { passes: number; cpuSeconds: number; converged: boolean; aboveReference?: number };
  variants: Record<string, VariantRow>;
}

const splits = await loadSplits(file, cacheDir);
const specs = gridSpecs();
const results: Row[] = [];
let round = 0;
for (const { encoding, train, validation, yTrain } of encodingMatrices(splits, specs.map((s) => s.encoding), log)) {
  for (const spec of specs.filter((s) => s.encoding === encoding)) {
    const runs = [{ name: "cold", subsampleStart: false as const }, ...variants.map((name) => ({ name, subsampleStart: VARIANTS[name] }))];
    if (round++ % 2 === 1) runs.reverse();
    const measured = new Map(runs.map((r) => [r.name, measure(() => fitLogisticRegression(train, yTrain, { ...spec.options, subsampleStart: r.subsampleStart }))]));
    const cold = measured.get("cold")!;
    const objective = (coef: number[], intercept: number) => evaluateObjective(train, yTrain, coef, intercept, spec.options).loss;
    const ap = (coef: number[], intercept: number) => averagePrecision(splits.y.validation, predictProba(validation, coef, intercept));
    const lossCold = objective(cold.out.coef, cold.out.intercept);
    const apCold = ap(cold.out.coef, cold.out.intercept);
    const row: Row = { id: spec.id, rows: train.rows, cold: { passes: cold.out.evaluations!, cpuSeconds: Number(cold.cpu.toFixed(2)), converged: cold.out.converged }, variants: {} };
    let lossReference: number | null = null;
    if (reference) {
      const tight = fitLogisticRegression(train, yTrain, { ...spec.options, tol: 1e-10, subsampleStart: false });
      lossReference = objective(tight.coef, tight.intercept);
      row.cold.aboveReference = Number(((lossCold - lossReference) / Math.abs(lossReference)).toExponential(2));
    }
    const above = (loss: number) => (lossReference === null ? undefined : Number(((loss - lossReference) / Math.abs(lossReference)).toExponential(2)));
    const parts = [`passes cold ${row.cold.passes} (${row.cold.cpuSeconds} s${reference ? `, above the tol-1e-10 optimum ${row.cold.aboveReference}` : ""})`];
    for (const name of variants) {
      const { out, cpu } = measured.get(name)!;
      const sub = out.subsample ?? { rows: 0, evaluations: 0 };
      const loss = objective(out.coef, out.intercept);
      const v: VariantRow = {
        passes: out.evaluations!,
        subsamplePasses: sub.evaluations,
        subsampleRows: sub.rows,
        passEquivalents: Number((out.evaluations! + (sub.evaluations * sub.rows) / train.rows).toFixed(2)),
        cpuSeconds: Number(cpu.toFixed(2)),
        relativeObjectiveDifference: Number(((loss - lossCold) / Math.abs(lossCold)).toExponential(2)),
        aboveReference: above(loss),
        apDifference: Number((ap(out.coef, out.intercept) - apCold).toExponential(2)),
        converged: out.converged,
      };
      row.variants[name] = v;
      parts.push(`${name} ${v.passes} + ${v.subsamplePasses}×${sub.rows}/n = ${v.passEquivalents} (${v.cpuSeconds} s, ΔF/F ${v.relativeObjectiveDifference}${reference ? `, above ${v.aboveReference}` : ""}, ΔAP ${v.apDifference}${v.converged ? "" : ", NOT converged"})`);
    }
    results.push(row);
    log(`  ${spec.id}: ${parts.join("; ")}`);
  }
}
const sum = (f: (r: Row) => number) => results.reduce((a, r) => a + f(r), 0);
const total = {
  fits: results.length,
  cold: { passes: sum((r) => r.cold.passes), cpuSeconds: Number(sum((r) => r.cold.cpuSeconds).toFixed(1)) },
  variants: Object.fromEntries(
    variants.map((name) => [
      name,
      {
        passes: sum((r) => r.variants[name].passes),
        passEquivalents: Number(sum((r) => r.variants[name].passEquivalents).toFixed(1)),
        cpuSeconds: Number(sum((r) => r.variants[name].cpuSeconds).toFixed(1)),
        maxAbsApDifference: Math.max(...results.map((r) => Math.abs(r.variants[name].apDifference))),
        maxRelativeObjectiveIncrease: Math.max(...results.map((r) => r.variants[name].relativeObjectiveDifference)),
        minRelativeObjectiveDifference: Math.min(...results.map((r) => r.variants[name].relativeObjectiveDifference)),
        allConverged: results.every((r) => r.variants[name].converged),
      },
    ]),
  ),
};
log(`total: ${total.fits} fits, cold ${total.cold.passes} passes, ${total.cold.cpuSeconds} s cpu`);
for (const [name, t] of Object.entries(total.variants)) {
  log(`  ${name}: ${t.passes} full passes, ${t.passEquivalents} pass equivalents (${((1 - t.passEquivalents / total.cold.passes) * 100).toFixed(1)} % fewer), ${t.cpuSeconds} s cpu, max |ΔAP| ${t.maxAbsApDifference}, ΔF/F in [${t.minRelativeObjectiveDifference}, ${t.maxRelativeObjectiveIncrease}], all converged ${t.allConverged}`);
}
if (json) process.stdout.write(`${JSON.stringify({ file, variants, fits: results, total })}\n`);
