import { numberColumn } from "../../data/feature-frame";
import type { PreparedData } from "../../data/dataset";
import { ORDER_COLUMN, TARGET_COLUMN } from "../../data/schema";
import { fitPipeline, transformRows } from "../../features/pipeline";
import { logisticRegressionPath } from "../../model/logistic-regression";
import { LIBRARY_VERSION } from "../../version";
import { orderGroups } from "../comparison/bootstrap";
import { PathEvaluator, type PathPointEvaluation } from "./path-evaluation";
import { pickRows } from "../running/runner";
import { logSpaced, PATH_PENALTIES, type PathOptions, type PathPoint, type RegularizationPath } from "./regularization-path";

/**
 * Stopping tolerance of the path's fits. Looser than the runner's 1e-6: the explorer draws 30 models
 * to compare them, and a saved point is refitted by the runner at full tolerance. Measured on the
 * full-size default data (none × L2, 30 points) against the same path at 1e-6: every point's
 * validation AP within 2.1e-5, ROC-AUC within 2.1e-4 and best F0.3 within 6e-4 (the bootstrap bands
 * are ≈ 1e-2 wide), with 60 instead of 154 iterations.
 */
export const PATH_TOL = 2e-5;

function sharedIndex(values: Uint32Array): Uint32Array {
  const out = new Uint32Array(new SharedArrayBuffer(values.byteLength));
  out.set(values);
  return out;
}

export async function computeRegularizationPath(data: PreparedData, options: PathOptions): Promise<RegularizationPath> {
  if (!PATH_PENALTIES.includes(options.penalty)) throw new Error(`penalty must be one of ${PATH_PENALTIES.join(", ")} for a path, got '${options.penalty}'`);
  const started = performance.now();
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const orders = numberColumn(data.frame, ORDER_COLUMN);
  const { train: trainRows, validation: validationRows } = data.split.rows;
  const inProcess = options.inProcess ?? false;
  const Cs = logSpaced(options.Cmin ?? 1e-8, options.Cmax ?? 100, options.points ?? 30);
  const { state, train } = fitPipeline(data.frame, trainRows, { encoding: options.encoding });
  const validation = transformRows(state, data.frame, validationRows, { shared: !inProcess });
  const yTrain = pickRows(target, trainRows, false);
  const { group, groups } = orderGroups(pickRows(orders, validationRows, false));
  const evaluator = new PathEvaluator(
    {
      validation,
      yValidation: pickRows(target, validationRows, !inProcess),
      group: inProcess ? group : sharedIndex(group),
      groups,
      replicates: options.replicates ?? 50,
    },
    { inProcess, capacity: Cs.length },
  );
  const featuresDone = performance.now();
  const tol = options.tol ?? PATH_TOL;
  const l1Ratio = options.penalty === "elasticnet" ? (options.l1Ratio ?? 0.5) : null;
  const fits: Omit<PathPoint, keyof PathPointEvaluation>[] = [];
  try {
    let k = 0;
    for (const fit of logisticRegressionPath(train, yTrain, Cs, { penalty: options.penalty, l1Ratio: l1Ratio ?? undefined, tol })) {
      const { C } = fit;
      void evaluator.evaluate(Float64Array.from(fit.coef), fit.intercept);
      fits.push({
        C,
        iterations: fit.iterations,
        converged: fit.converged,
        coef: Array.from(fit.coef),
        intercept: fit.intercept,
        nonZero: Array.from(fit.coef).filter((c) => c !== 0).length,
      });
      options.onProgress?.(++k, Cs.length, C);
    }
    const evaluated = await evaluator.finish();
    const finished = performance.now();
    return {
      format: "pushlab-path-v1",
      encoding: options.encoding,
      penalty: options.penalty,
      l1Ratio,
      dataFingerprint: data.frame.source.fingerprint,
      libraryVersion: LIBRARY_VERSION,
      createdAt: new Date().toISOString(),
      featureNames: state.featureNames,
      tol,
      points: fits.map((fit, k) => ({ ...fit, ...evaluated[k] })),
      seconds: { features: (featuresDone - started) / 1000, fits: (finished - featuresDone) / 1000, total: (finished - started) / 1000 },
    };
  } finally {
    await evaluator.close();
  }
}
