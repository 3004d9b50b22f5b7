/**
 * Would float32 design matrices keep every AP within 1e-6 of float64's? For each of the scale
 * benchmark's 16 logistic configurations: the pipeline's (standardized, float64) train and
 * validation matrices, fitted and scored as they are, and again with every value rounded to float32
 * (Math.fround: exactly what a Float32Array would store; the solver still accumulates in float64).
 * Prints one JSON line per configuration and a summary (max |ΔAP|, max |Δcoef|).
 *
 *   node --import tsx bench/float32-agreement.ts --file F
 */
import { loadDataset, prepareData } from "../lib/data/dataset";
import { expandDefinition, type ExperimentDefinition, type LogisticSpec } from "../lib/experiments/definitions/definition";
import { fitPipeline, transformRows } from "../lib/features/pipeline";
import { averagePrecision } from "../lib/metrics";
import { fitLogisticRegression, predictProba } from "../lib/model/logistic-regression";

const file = process.argv[process.argv.indexOf("--file") + 1];
const definition = {
  name: "scale",
  description: "",
  baselines: [],
  grids: [
    { encodings: ["none"], penalties: [{ penalty: "none" }, { penalty: "l2", C: [1e-8, 1e-6, 1e-4, 1e-2, 1, 100] }, { penalty: "l1", C: [1e-4, 1e-2, 1] }], classWeights: ["none"] },
    { encodings: ["frequency", "target", "onehot"], penalties: [{ penalty: "l2", C: [1e-6, 1e-2] }], classWeights: ["none"] },
  ],
} as unknown as ExperimentDefinition;
const specs = expandDefinition(definition).filter((s): s is LogisticSpec => s.kind === "logreg");
const data = prepareData((await loadDataset(file)).frame);
const label = (rows: Uint32Array) => Float64Array.from(rows, (i) => data.frame.numbers.outcome[i]);
const yTrain = label(data.split.rows.train);
const yValidation = label(data.split.rows.validation);
const round = (values: Float64Array | Float32Array) => {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.fround(values[i]);
  return out;
};
let maxAp = 0;
let maxCoef = 0;
for (const encoding of [...new Set(specs.map((s) => s.encoding))]) {
  const { state, train } = fitPipeline(data.frame, data.split.rows.train, { encoding });
  const validation = transformRows(state, data.frame, data.split.rows.validation);
  const train32 = { ...train, data: round(train.data) };
  const validation32 = { ...validation, data: round(validation.data) };
  for (const spec of specs.filter((s) => s.encoding === encoding)) {
    const options = { penalty: spec.penalty, C: spec.C ?? 1, l1Ratio: spec.l1Ratio ?? undefined };
    const f64 = fitLogisticRegression(train, yTrain, options);
    const f32 = fitLogisticRegression(train32, yTrain, options);
    const ap64 = averagePrecision(yValidation, predictProba(validation, f64.coef, f64.intercept));
    const ap32 = averagePrecision(yValidation, predictProba(validation32, f32.coef, f32.intercept));
    let dc = Math.abs(f64.intercept - f32.intercept);
    for (let j = 0; j < f64.coef.length; j++) dc = Math.max(dc, Math.abs(f64.coef[j] - f32.coef[j]));
    maxAp = Math.max(maxAp, Math.abs(ap64 - ap32));
    maxCoef = Math.max(maxCoef, dc);
    process.stdout.write(`${JSON.stringify({ id: spec.id, ap64, ap32, deltaAp: ap32 - ap64, maxDeltaCoef: dc, iterations: [f64.iterations, f32.iterations] })}\n`);
  }
}
process.stdout.write(`${JSON.stringify({ summary: true, configurations: specs.length, maxAbsDeltaAp: maxAp, maxAbsDeltaCoef: maxCoef })}\n`);
