import type { ExperimentResult } from "./result";

/** One row of the comparison table (`pushlab results --json`, the /experiments grid). */
export interface ResultRow {
  id: string;
  kind: "baseline" | "logreg";
  encoding: string;
  penalty: string;
  C: number | null;
  l1Ratio: number | null;
  classWeight: string;
  features: string[] | null;
  fitSeconds: number;
  iterations: number | null;
  converged: boolean | null;
  validation: {
    averagePrecision: number;
    rocAuc: number;
    gini: number;
    bestThreshold: number;
    precision: number;
    recall: number;
    f03: number;
    logLoss: number | null;
  };
}

export function resultRow(result: ExperimentResult): ResultRow {
  const spec = result.spec;
  const v = result.validation;
  return {
    id: result.id,
    kind: spec.kind,
    encoding: spec.kind === "logreg" ? spec.encoding : "none",
    penalty: spec.kind === "logreg" ? spec.penalty : "-",
    C: spec.kind === "logreg" ? spec.C : null,
    l1Ratio: spec.kind === "logreg" ? spec.l1Ratio : null,
    classWeight: spec.kind === "logreg" ? spec.classWeight : "none",
    features: spec.kind === "logreg" ? spec.features : null,
    fitSeconds: result.seconds.fit,
    iterations: result.fit?.iterations ?? null,
    converged: result.fit?.converged ?? null,
    validation: {
      averagePrecision: v.averagePrecision,
      rocAuc: v.rocAuc,
      gini: v.gini,
      bestThreshold: v.bestThreshold,
      precision: v.precision,
      recall: v.recall,
      f03: v.f03,
      logLoss: v.logLoss,
    },
  };
}
