import type { Worker } from "node:worker_threads";
import type { DesignMatrix } from "../../model/design-matrix";
import { predictProba } from "../../model/logistic-regression";
import { binaryClfCurveFromSorted } from "../../metrics";
import { intervalsFromRanking, rankByScore, type Interval, type IntervalMetric } from "../comparison/bootstrap";
import { evaluateScores, type CurvePoint } from "../running/evaluate";
import { startTypeScriptWorker } from "../../worker-thread";

/** What the path explorer shows for one C: validation metrics, bootstrap bands and a small PR curve. */
export interface PathPointEvaluation {
  averagePrecision: number;
  rocAuc: number;
  f03: number;
  bestThreshold: number;
  intervals: Record<IntervalMetric, Interval>;
  /** Downsampled PR / F0.3 curve of this point. */
  curve: CurvePoint[];
}

/** The validation data every point of a path is evaluated on (SharedArrayBuffer-backed for a worker). */
export interface PathValidation {
  validation: DesignMatrix;
  yValidation: Float64Array;
  /** Dense order index of each validation row (orderGroups), and the number of orders. */
  group: Uint32Array;
  groups: number;
  replicates: number;
}

/** Curve points per path point: 30 of them travel to the browser together. */
const PATH_CURVE_POINTS = 120;

export function evaluatePathPoint(context: PathValidation, coef: ArrayLike<number>, intercept: number): PathPointEvaluation {
  const scores = predictProba(context.validation, coef, intercept);
  // One sort serves the curve and the bootstrap replicates.
  const ranking = rankByScore(scores, context.yValidation, context.group, context.groups);
  const curve = binaryClfCurveFromSorted(ranking.scores, ranking.labels);
  // probabilities: false skips log loss, Brier score and calibration, which the explorer does not show.
  const evaluation = evaluateScores(context.yValidation, scores, { probabilities: false }, PATH_CURVE_POINTS, curve);
  return {
    averagePrecision: evaluation.metrics.averagePrecision,
    rocAuc: evaluation.metrics.rocAuc,
    f03: evaluation.metrics.f03,
    bestThreshold: evaluation.metrics.bestThreshold,
    intervals: intervalsFromRanking(ranking, context.groups, evaluation.metrics.bestThreshold, context.replicates),
    curve: evaluation.curves.pr,
  };
}

/**
 * Evaluates path points off the fitting thread: a path's fits are sequential (each warm-starts from
 * the previous C), so on two cores the evaluation of point k (scores, curves, bootstrap bands) runs on
 * a worker while the main thread fits point k + 1. Once the fits are done the main thread helps with
 * the backlog (`finish`): each point is claimed in a shared array by whichever thread gets it first.
 * `inProcess` evaluates on the calling thread only (tests, tiny data).
 */
export class PathEvaluator {
  private readonly worker: Worker | null = null;
  private readonly claims: Int32Array;
  private readonly jobs: { coef: Float64Array; intercept: number; resolve: (r: PathPointEvaluation) => void; reject: (e: Error) => void; promise: Promise<PathPointEvaluation> }[] = [];

  constructor(
    private readonly context: PathValidation,
    { inProcess = false, capacity }: { inProcess?: boolean; capacity: number },
  ) {
    this.claims = new Int32Array(new SharedArrayBuffer(4 * capacity));
    if (inProcess) return;
    const worker = startTypeScriptWorker(new URL("./path-evaluation-worker.ts", import.meta.url), { workerData: { context, claims: this.claims } });
    worker.on("message", (message: { id: number; result?: PathPointEvaluation; error?: string; skipped?: boolean }) => {
      const job = this.jobs[message.id];
      if (message.skipped) return;
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message.result!);
    });
    const failAll = (error: Error) => {
      for (const job of this.jobs) job.reject(error); // no effect on settled ones
    };
    worker.on("error", failAll);
    worker.on("exit", (code) => code !== 0 && failAll(new Error(`path evaluation worker exited with code ${code}`)));
    this.worker = worker;
  }

  /** Queues one point; the promise settles once some thread has evaluated it. */
  evaluate(coef: Float64Array, intercept: number): Promise<PathPointEvaluation> {
    const id = this.jobs.length;
    if (id >= this.claims.length) throw new RangeError(`PathEvaluator: more than ${this.claims.length} points`);
    let resolve!: (r: PathPointEvaluation) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<PathPointEvaluation>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => {}); // awaited by finish(); keeps an early rejection from being reported as unhandled
    this.jobs.push({ coef, intercept, resolve, reject, promise });
    this.worker?.postMessage({ id, coef, intercept });
    return promise;
  }

  /** Evaluates unclaimed points on this thread, newest first (the worker works oldest first), then waits for all. */
  async finish(): Promise<PathPointEvaluation[]> {
    for (let id = this.jobs.length - 1; id >= 0; id--) {
      if (!claimPoint(this.claims, id)) continue;
      const job = this.jobs[id];
      try {
        job.resolve(evaluatePathPoint(this.context, job.coef, job.intercept));
      } catch (error) {
        job.reject(error as Error);
      }
      await new Promise((resolve) => setImmediate(resolve)); // let the worker's results in
    }
    return Promise.all(this.jobs.map((job) => job.promise));
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

/** True for the one thread that claims point `id` first. */
export function claimPoint(claims: Int32Array, id: number): boolean {
  return Atomics.compareExchange(claims, id, 0, 1) === 0;
}
