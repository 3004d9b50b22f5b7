/**
 * The grid's kinds of fits on a real file, each cold from the subsample's solution, without the
 * subsample's Hessian (L-BFGS from a scaled identity, OWL-QN's B₀ likewise: the previous default) and
 * with it (minimizePreconditionedLbfgs; OWL-QN with B₀ = Ĥ), interleaved fit by fit so both see the
 * same load. Per fit: full-data passes, the subsample's passes as full-pass
 * equivalents, CPU seconds, the relative objective difference and the validation AP difference.
 *
 *   node --import tsx bench/preconditioned-fits.ts --file F --cache DIR [--only SUBSTRING] [--encodings none,onehot] [--penalties l2,none,l1,elasticnet]
 */
import type { Encoding } from "../lib/features/pipeline";
import { averagePrecision } from "../lib/metrics";
import { evaluateObjective, fitLogisticRegression, predictProba, type LogisticOptions } from "../lib/model/logistic-regression";
import { arg, encodingMatrices, fileArguments, loadSplits, measure } from "./harness";

const { file, cacheDir } = fileArguments("node --import tsx bench/preconditioned-fits.ts --file F --cache DIR [--only SUBSTRING] [--encodings none,onehot] [--penalties l2,none,l1,elasticnet]");
const only = arg("only");
const encodings = (arg("encodings") ?? "none,frequency,target,onehot").split(",") as Encoding[];
const Cs = [1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2];
const specs: { id: string; encoding: Encoding; options: LogisticOptions }[] = [];
const penalties = (arg("penalties") ?? "l2,none,l1,elasticnet").split(",");
for (const encoding of encodings) {
  if (penalties.includes("l2")) {
    for (const C of Cs) specs.push({ id: `${encoding} l2 C=${C}`, encoding, options: { penalty: "l2", C } });
    specs.push({ id: `${encoding} l2 C=1e-6 balanced`, encoding, options: { penalty: "l2", C: 1e-6, classWeight: "balanced" } });
  }
  if (penalties.includes("none")) specs.push({ id: `${encoding} none`, encoding, options: { penalty: "none" } });
  if (penalties.includes("l1")) {
    for (const C of [1e-4, 1e-2, 1]) specs.push({ id: `${encoding} l1 C=${C}`, encoding, options: { penalty: "l1", C } });
    specs.push({ id: `${encoding} l1 C=1e-2 balanced`, encoding, options: { penalty: "l1", C: 1e-2, classWeight: "balanced" } });
  }
  if (penalties.includes("elasticnet")) for (const C of [1e-4, 1e-2]) specs.push({ id: `${encoding} elasticnet C=${C} l1r0.5`, encoding, options: { penalty: "elasticnet", C, l1Ratio: 0.5 } });
}
const chosen = specs.filter((s) => only === undefined || s.id.includes(only));
const splits = await loadSplits(file, cacheDir);
const totals = { lbfgs: { eq: 0, cpu: 0 }, preconditioned: { eq: 0, cpu: 0 } };
let maxAp = 0;
let round = 0;
for (const { encoding, train, validation, yTrain } of encodingMatrices(splits, chosen.map((s) => s.encoding), console.log)) {
  for (const spec of chosen.filter((s) => s.encoding === encoding)) {
    const variants = [
      { name: "lbfgs" as const, options: { ...spec.options, subsampleStart: { hessian: false } } },
      { name: "preconditioned" as const, options: spec.options },
    ];
    if (round++ % 2 === 1) variants.reverse();
    const out = Object.fromEntries(variants.map((v) => [v.name, measure(() => fitLogisticRegression(train, yTrain, v.options))])) as Record<"lbfgs" | "preconditioned", ReturnType<typeof measure<ReturnType<typeof fitLogisticRegression>>>>;
    const objective = (f: { coef: number[]; intercept: number }) => evaluateObjective(train, yTrain, f.coef, f.intercept, spec.options).loss;
    const ap = (f: { coef: number[]; intercept: number }) => averagePrecision(splits.y.validation, predictProba(validation, f.coef, f.intercept));
    const line = [`${spec.id}:`];
    for (const name of ["lbfgs", "preconditioned"] as const) {
      const r = out[name].out;
      const sub = r.subsample ?? { rows: 0, evaluations: 0 };
      const eq = r.evaluations! + (sub.evaluations * sub.rows) / train.rows;
      totals[name].eq += eq;
      totals[name].cpu += out[name].cpu;
      line.push(`${name} ${r.evaluations} + ${sub.evaluations} sub = ${eq.toFixed(2)} eq, ${out[name].cpu.toFixed(2)} s${r.hessianRows ? " (preconditioned)" : ""}${r.converged ? "" : " NOT CONVERGED"}`);
    }
    const dF = (objective(out.preconditioned.out) - objective(out.lbfgs.out)) / Math.abs(objective(out.lbfgs.out));
    const dAp = ap(out.preconditioned.out) - ap(out.lbfgs.out);
    maxAp = Math.max(maxAp, Math.abs(dAp));
    line.push(`ΔF/F ${dF.toExponential(1)}, ΔAP ${dAp.toExponential(1)}`);
    console.log("  " + line.join("  "));
  }
}
console.log(`total: lbfgs ${totals.lbfgs.eq.toFixed(1)} pass eq, ${totals.lbfgs.cpu.toFixed(1)} s cpu; preconditioned ${totals.preconditioned.eq.toFixed(1)} pass eq, ${totals.preconditioned.cpu.toFixed(1)} s cpu; max |ΔAP| ${maxAp.toExponential(1)}`);
