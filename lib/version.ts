import packageJson from "../package.json";

/** The pushlab version, recorded in every result and registry version. */
export const PUSHLAB_VERSION: string = packageJson.version;

/**
 * Bumped whenever features, solver or metrics change what a fit produces, so stored results made by
 * an older library are no longer "current" and `pushlab run` recomputes them.
 */
export const RESULTS_REVISION = 7; // 7: L2 / unpenalized fits on ≥ 400k rows by L-BFGS from a subsample's inverse Hessian (the same optima within tol); 6: training scores kept for the target encodings (the leakage finding's training − validation gaps get intervals); 5: merge of quantile calibration bins with float64 scores/fixed-threshold intervals (recompute once); 4: quantile calibration bins / float64 validation scores, fixed-threshold intervals, fit tol/maxIter recorded; 3: negative 17-digit numbers were read with the wrong sign before

export const LIBRARY_VERSION = `${PUSHLAB_VERSION}+r${RESULTS_REVISION}`;
