import { makeLogisticSpec, type LogisticSpec } from "../../lib/experiments/definitions/definition";
import type { FitJob } from "../../lib/experiments/running/fit-job";
import { designMatrixFromRows } from "../../lib/model/design-matrix";
import { mulberry32 } from "./random";

/**
 * A small fit job: 40 training and 20 validation rows of two features drawn from a seeded generator,
 * labels from a logistic model (so the fit has signal), validation rows two per order.
 */
export function smallFitJob(spec: Partial<Parameters<typeof makeLogisticSpec>[0]> = {}, seed = 7): FitJob {
  const random = mulberry32(seed);
  const draw = (n: number) => {
    const rows: number[][] = [];
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const row = [random() * 4 - 2, random() * 4 - 2];
      rows.push(row);
      y[i] = random() < 1 / (1 + Math.exp(-(1.5 * row[0] - row[1] - 0.5))) ? 1 : 0;
    }
    return { X: designMatrixFromRows(rows), y };
  };
  const train = draw(40);
  const validation = draw(20);
  const fullSpec: LogisticSpec = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1, l1Ratio: null, classWeight: "none", features: null, ...spec });
  return {
    spec: fullSpec,
    train: train.X,
    yTrain: train.y,
    validation: validation.X,
    yValidation: validation.y,
    validationOrders: Float64Array.from({ length: 20 }, (_, i) => Math.floor(i / 2)),
  };
}
