import { loadDataset, prepareData } from "../../lib/data/dataset";
import { fitPipeline } from "../../lib/features/pipeline";
import { fitLogisticRegression } from "../../lib/model/logistic-regression";
import { buildScoringReference, type ScoringReference } from "../../lib/monitoring/scoring-reference";
import type { ModelFile } from "../../lib/registry/model-file";

/**
 * A one-hot L2 (C = 0.01) model fitted on the training rows of `trainCsv`, as a model file with the
 * given threshold, and its scoring reference: what the predict tests score with.
 */
export async function fitOnehotScoringModel(trainCsv: string, threshold = 0.05): Promise<{ model: ModelFile; reference: ScoringReference }> {
  const data = prepareData((await loadDataset(trainCsv)).frame);
  const { state, train: x } = fitPipeline(data.frame, data.split.rows.train, { encoding: "onehot" });
  const y = Float64Array.from(data.split.rows.train, (i) => data.frame.numbers.outcome[i]);
  const fit = fitLogisticRegression(x, y, { penalty: "l2", C: 0.01 });
  const model: ModelFile = {
    format: "pushlab-model-v1",
    version: "v_20260101_000000",
    experimentId: "x",
    pushlabVersion: "test",
    createdAt: "",
    featureNames: state.featureNames,
    pipeline: state,
    coef: Array.from(fit.coef),
    intercept: fit.intercept,
    threshold,
    refit: false,
  };
  return { model, reference: buildScoringReference(model, data.frame, data.split.rows.train) };
}
