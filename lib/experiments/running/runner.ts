import { BASE_FEATURE_NAMES } from "../../features/base-features";
import { encodingDefinition } from "../../features/encodings";
import crypto from "node:crypto";
import { numberColumn } from "../../data/feature-frame";
import type { PreparedData } from "../../data/dataset";
import { CATEGORICAL_COLUMNS, ORDER_COLUMN, TARGET_COLUMN } from "../../data/schema";
import { baselineScores } from "./baselines";
import { fitPipeline, MatrixArena, transformRows, type PipelineState } from "../../features/pipeline";
import { LIBRARY_VERSION } from "../../version";
import type { ExperimentSpec, LogisticSpec, BaselineSpec } from "../definitions/definition";
import { EVALUATING, evaluateValidationScores, type FitJob, type FitStageJob, type FitStageResult } from "./fit-job";
import type { ExperimentResult } from "../results/result";
import { keepsTrainingScores, readResult, writeResult, writeScores, writeTrainingContext, writeTrainingScores, writeValidationContext } from "../results/results-store";
import { FitPool, type RunPlacement } from "./worker-pool";
import type { DesignMatrix } from "../../model/design-matrix";
import { SUBSAMPLE_START_MIN_ROWS } from "../../model/logistic-regression";
import { orderGroups, type OrderGroups } from "../comparison/bootstrap";

/**
 * The experiment runner: fits every experiment on train and evaluates it on validation only (test
 * stays untouched until a model is selected), skipping experiments whose stored result is current.
 * Feature matrices are built once per pipeline (encoding × feature set) in SharedArrayBuffers and
 * shared by the fit workers: a group's training matrix for its fits, then its validation matrix in
 * the same buffer for their evaluations. While a group fits, the next group's training matrix is built
 * in a second buffer when it takes at most PREFETCH_MAX_BYTES (a 23-column matrix of up to ≈ 7× the
 * real file's training rows); above that, memory holds one encoding's matrices at a time.
 */

export type RunEvent =
  | { type: "plan"; total: number; toRun: string[]; current: string[] }
  /** A group starts; `built`: its training matrix was built during the previous group's fits. */
  | { type: "features"; encoding: string; experiments: number; built?: boolean }
  | { type: "progress"; id: string; iteration: number; loss: number }
  | { type: "stage"; id: string; stage: "evaluating" }
  | { type: "done"; id: string; result: ExperimentResult; index: number; total: number }
  | { type: "failed"; id: string; message: string; index: number; total: number };

export interface RunOptions {
  resultsDir: string;
  data: PreparedData;
  specs: ExperimentSpec[];
  force?: boolean;
  /** Worker threads for fits; 0 runs in-process. Default: one per core. */
  workers?: number;
  tol?: number;
  maxIter?: number;
  /**
   * Continue each fit from its neighbour along C (warmStartChains). Default true; false fits every
   * experiment cold, independently (the results agree within the fits' tolerance).
   */
  warmStart?: boolean;
  /**
   * Hold a group's training and validation matrices at once, evaluate each fit as soon as it is done
   * and start the next group while this one's evaluations finish (true); default false: the
   * validation matrix is built in the training matrix's buffer after the group's fits. Measured on the
   * full-size grid (bench/README.md, "The default grid"), overlapping gave the same wall time and the
   * same landing times of results for 21 CPU s more (the main thread's matrices compete with the two
   * workers), so it is not the default.
   */
  overlap?: boolean;
  /**
   * Staged: build the next group's training matrix while this group's fits run, in a second buffer,
   * when it takes at most PREFETCH_MAX_BYTES (default true; the same numbers either way).
   */
  prefetch?: boolean;
  onEvent?: (event: RunEvent) => void;
}


export interface RunSummary {
  ran: string[];
  current: string[];
  failed: { id: string; message: string }[];
}

export function specHash(spec: ExperimentSpec, tol?: number, maxIter?: number): string {
  return crypto.createHash("sha256").update(JSON.stringify({ spec, tol: tol ?? null, maxIter: maxIter ?? null })).digest("hex").slice(0, 16);
}

export function isCurrent(result: ExperimentResult | null, fingerprint: string, hash: string): boolean {
  return (
    result !== null &&
    result.computedFrom.dataFingerprint === fingerprint &&
    result.computedFrom.specHash === hash &&
    result.computedFrom.libraryVersion === LIBRARY_VERSION
  );
}

/** The values of a column at the given rows, in a SharedArrayBuffer when it goes to worker threads. */
export function pickRows(values: ArrayLike<number>, rows: Uint32Array, shared: boolean): Float64Array {
  const out = new Float64Array(shared ? new SharedArrayBuffer(rows.length * 8) : new ArrayBuffer(rows.length * 8));
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

function baseResult(spec: ExperimentSpec, data: PreparedData, hash: string, yTrain: Float64Array, yValidation: Float64Array) {
  return {
    format: "pushlab-result-v2" as const,
    id: spec.id,
    spec,
    computedFrom: { dataFingerprint: data.frame.source.fingerprint, specHash: hash, libraryVersion: LIBRARY_VERSION },
    createdAt: new Date().toISOString(),
    data: {
      file: data.frame.source.path,
      trainRows: yTrain.length,
      trainPositives: sum(yTrain),
      validationRows: yValidation.length,
      validationPositives: sum(yValidation),
    },
  };
}

function runBaseline(
  spec: BaselineSpec,
  data: PreparedData,
  hash: string,
  yTrain: Float64Array,
  yValidation: Float64Array,
  validationOrders: Float64Array,
  validationGroups: OrderGroups,
): { result: ExperimentResult; scores: Float64Array } {
  const started = performance.now();
  const scores = baselineScores(data.frame, spec.score, data.split.rows.validation);
  const { evaluation } = evaluateValidationScores(yValidation, scores, validationOrders, { probabilities: false, groups: validationGroups, intervals: false });
  const result: ExperimentResult = {
    ...baseResult(spec, data, hash, yTrain, yValidation),
    fit: null,
    seconds: { features: 0, fit: 0, evaluate: (performance.now() - started) / 1000 },
    validation: evaluation.metrics,
    train: null,
    curves: evaluation.curves,
    coefficients: [],
    model: null,
  };
  return { result, scores: Float64Array.from(scores) };
}

function pipelineKey(spec: LogisticSpec): string {
  return JSON.stringify([spec.encoding, spec.features]);
}

/** Rough design-matrix width, to build the widest group first so the matrix arenas never grow. */
function expectedWidth(spec: LogisticSpec): number {
  const base = spec.features?.length ?? BASE_FEATURE_NAMES.length;
  return base + encodingDefinition(spec.encoding).widthPerColumn * CATEGORICAL_COLUMNS.length;
}

/**
 * Orders one encoding group's experiments into warm-start chains: per class weight, L2 at every C then
 * "none" (λ₂ → 0) — the same data term, penalties differing only in weight — sorted from the strongest
 * regularization (smallest C) to the weakest, as scikit-learn's regularization path runs. Each fit then
 * starts from its neighbour's solution and curvature (fitLogisticRegressionFrom) and still stops on its
 * own tolerance, so its solution is the same optimum within that tolerance; which neighbour it starts
 * from depends on which experiments of the chain are run together (the others may be current), which
 * moves results only within the tolerance. A chain is cut where C grows more than CHAIN_MAX_C_RATIO
 * times (and before "none" unless C ≥ 1): so far away the neighbour's solution is a worse start than
 * the subsample's (bench/README.md), and the fits after the cut run beside the chain instead of after
 * it. When cold fits start from a subsample (`subsampleStarts`: as many training rows as
 * SUBSAMPLE_START_MIN_ROWS), a chain continues only from C ≥ 1: below it the neighbour's start took as
 * many full passes as the subsample's (bench/README.md, "No core waiting"),
 * so those fits run cold beside one another instead of one after another on one core, and only the
 * weakly regularized end of the path, where a neighbour's solution is already the optimum, stays
 * chained. L1 and elastic-net fits stay one per chain: on the grid's data OWL-QN needed as many passes
 * warm as cold, and a chain would only serialize them. Longest chains first, so the pool's cores stay
 * busy to the end.
 */
export function warmStartChains<T extends { spec: LogisticSpec }>(items: readonly T[], { subsampleStarts = false }: { subsampleStarts?: boolean } = {}): T[][] {
  const chains = new Map<string, T[]>();
  items.forEach((item, k) => {
    const { penalty, classWeight } = item.spec;
    const key = penalty === "none" || penalty === "l2" ? JSON.stringify([classWeight, item.spec.encoding, item.spec.features]) : `single:${k}`;
    chains.set(key, [...(chains.get(key) ?? []), item]);
  });
  const strength = (spec: LogisticSpec) => (spec.penalty === "none" ? Infinity : (spec.C ?? 1));
  const continues = (previous: LogisticSpec, next: LogisticSpec) => {
    if (next.penalty === "none") return strength(previous) >= 1;
    const near = strength(next) <= CHAIN_MAX_C_RATIO * strength(previous) * (1 + 1e-9); // 100 × 1e-6 < 1e-4 in floating point
    return subsampleStarts ? near && strength(previous) >= 1 : near;
  };
  return [...chains.values()]
    .flatMap((chain) => {
      const sorted = [...chain].sort((a, b) => strength(a.spec) - strength(b.spec) || (a.spec.id < b.spec.id ? -1 : 1));
      const cut: T[][] = [];
      for (const item of sorted) {
        const last = cut.at(-1);
        if (last !== undefined && continues(last.at(-1)!.spec, item.spec)) last.push(item);
        else cut.push([item]);
      }
      return cut;
    })
    .sort((a, b) => b.length - a.length);
}

/** A group's training matrix is built ahead of its turn (runExperiments) when it takes at most this many bytes. */
export const PREFETCH_MAX_BYTES = 2 ** 30;

interface TrainingFeatures {
  pipeline: PipelineState;
  train: DesignMatrix;
  seconds: number;
}

/** The largest step in C along a warm-start chain (warmStartChains). */
export const CHAIN_MAX_C_RATIO = 100;

export async function runExperiments(options: RunOptions): Promise<RunSummary> {
  const { data, resultsDir, onEvent } = options;
  const fingerprint = data.frame.source.fingerprint;
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const summary: RunSummary = { ran: [], current: [], failed: [] };

  const toRun: { spec: ExperimentSpec; hash: string }[] = [];
  for (const spec of options.specs) {
    const hash = specHash(spec, options.tol, options.maxIter);
    if (!options.force && isCurrent(readResult(resultsDir, spec.id), fingerprint, hash)) summary.current.push(spec.id);
    else toRun.push({ spec, hash });
  }
  onEvent?.({ type: "plan", total: options.specs.length, toRun: toRun.map((t) => t.spec.id), current: summary.current });
  if (toRun.length === 0) return summary;

  const total = toRun.length;
  let index = 0;
  const finish = (id: string, result: ExperimentResult | Error, scores?: Float64Array, trainScores?: Float64Array | null) => {
    index++;
    if (result instanceof Error) {
      summary.failed.push({ id, message: result.message });
      onEvent?.({ type: "failed", id, message: result.message, index, total });
    } else {
      if (scores) writeScores(resultsDir, id, scores);
      if (trainScores) writeTrainingScores(resultsDir, id, trainScores);
      writeResult(resultsDir, result);
      summary.ran.push(id);
      onEvent?.({ type: "done", id, result, index, total });
    }
  };

  const workers = options.workers ?? undefined;
  const shared = workers !== 0;
  // One copy of the labels and order ids, shared with the fit workers when there are any (the
  // baselines read them as well): a second, plain copy showed in the 10× run's peak (bench/README.md).
  const yTrain = pickRows(target, data.split.rows.train, shared);
  const yValidation = pickRows(target, data.split.rows.validation, shared);
  const validationOrders = pickRows(numberColumn(data.frame, ORDER_COLUMN), data.split.rows.validation, shared);
  writeValidationContext(resultsDir, fingerprint, validationOrders, yValidation);
  const validationGroups = orderGroups(validationOrders, shared);
  for (const { spec, hash } of toRun) {
    if (spec.kind !== "baseline") continue;
    try {
      const { result, scores } = runBaseline(spec, data, hash, yTrain, yValidation, validationOrders, validationGroups);
      finish(spec.id, result, scores);
    } catch (error) {
      finish(spec.id, error as Error);
    }
  }

  const logistic = toRun.filter((t): t is { spec: LogisticSpec; hash: string } => t.spec.kind === "logreg");
  if (logistic.length === 0) return summary;
  if (logistic.some((t) => keepsTrainingScores(t.spec))) {
    writeTrainingContext(resultsDir, fingerprint, pickRows(numberColumn(data.frame, ORDER_COLUMN), data.split.rows.train, false), yTrain);
  }
  const groups = new Map<string, { spec: LogisticSpec; hash: string }[]>();
  for (const item of logistic) {
    const key = pipelineKey(item.spec);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }

  const pool = new FitPool(workers === undefined ? undefined : Math.min(workers, logistic.length));
  const ordered = [...groups.values()].sort((a, b) => expectedWidth(b[0].spec) - expectedWidth(a[0].spec));
  const overlap = options.overlap ?? false;
  try {
    // Widest group first, so the buffers never grow. Staged (the default): a group's validation matrix
    // is built in its training matrix's buffer once its fits are done, so the two are never held at
    // once (bench/README.md, "Scale"); the next group's training matrix is built during this group's
    // fits, in a second buffer, when it takes at most PREFETCH_MAX_BYTES, so no core waits for the
    // main thread's features between groups. The two buffers alternate, and a buffer is reused once the
    // evaluations that read its validation matrix are done (bench/README.md, "No core waiting").
    // Overlapped (opt-in): the validation matrix has its own buffer, built while the first fits run;
    // each fit is evaluated as soon as it is done, and the next group starts while this one's
    // evaluations finish. The same numbers every way (staged-runner tests).
    // Float32 halves the matrices' memory; every AP stayed within 1.2e-7 of float64's (bench/README.md).
    const prefetch = !overlap && options.prefetch !== false && pool.size > 0;
    const arenas = [new MatrixArena(shared, true), ...(prefetch ? [new MatrixArena(shared, true)] : [])];
    const arenaFree: Promise<unknown>[] = arenas.map(() => Promise.resolve());
    const validationArena = overlap ? new MatrixArena(shared, true) : null;
    const buildTraining = (items: { spec: LogisticSpec }[], arena: MatrixArena): TrainingFeatures | Error => {
      const first = items[0].spec;
      const started = performance.now();
      try {
        const { state, train } = fitPipeline(data.frame, data.split.rows.train, { encoding: first.encoding, features: first.features ?? undefined }, { arena });
        return { pipeline: state, train, seconds: (performance.now() - started) / 1000 };
      } catch (error) {
        return error as Error;
      }
    };
    let ahead: TrainingFeatures | Error | null = null;
    // Overlapped: the previous group's evaluations, which still read the validation buffer while this
    // group's training matrix is built and its fits start.
    let evaluationsBehind: Promise<unknown> = Promise.resolve();
    for (const [g, items] of ordered.entries()) {
      const first = items[0].spec;
      const arena = arenas[g % arenas.length];
      onEvent?.({ type: "features", encoding: first.encoding, experiments: items.length, ...(ahead !== null && !(ahead instanceof Error) ? { built: true } : {}) });
      let built = ahead;
      ahead = null;
      if (built === null) {
        await arenaFree[g % arenas.length];
        built = buildTraining(items, arena);
      }
      if (built instanceof Error) {
        for (const item of items) finish(item.spec.id, built);
        continue;
      }
      const { pipeline, train } = built;
      let featureSeconds = built.seconds;
      let validation: DesignMatrix | Error | null = null;
      const buildValidation = () => {
        const started = performance.now();
        try {
          validation = transformRows(pipeline, data.frame, data.split.rows.validation, { arena: validationArena ?? arena });
        } catch (error) {
          validation = error as Error;
        }
        featureSeconds += (performance.now() - started) / 1000;
      };
      let markValidationReady!: () => void;
      const validationReady = new Promise<void>((resolve) => (markValidationReady = resolve));
      const evaluateOne = async ({ spec, hash }: { spec: LogisticSpec; hash: string }, out: FitStageResult, placement: RunPlacement = {}) => {
        // Once the matrix is built, straight to the pool: the staged path's evaluations then queue
        // ahead of the next group's fits and free this group's buffer first.
        if (validation === null) await validationReady;
        if (!(validation && !(validation instanceof Error))) {
          finish(spec.id, validation ?? new Error("the validation matrix was not built"));
          return;
        }
        try {
          const evaluated = await pool.run(
            { kind: "evaluate", job: { coef: out.coef, intercept: out.intercept, loss: out.fit.loss, validation, yValidation, validationOrders, validationGroups, intervals: false } },
            (iteration) => {
              if (iteration === EVALUATING) onEvent?.({ type: "stage", id: spec.id, stage: "evaluating" });
            },
            placement,
          );
          finish(spec.id, {
            ...baseResult(spec, data, hash, yTrain, yValidation),
            fit: out.fit,
            seconds: { features: featureSeconds, fit: out.seconds.fit, evaluate: evaluated.seconds.evaluate },
            validation: evaluated.evaluation.metrics,
            train: out.train,
            curves: evaluated.evaluation.curves,
            coefficients: pipeline.featureNames.map((feature, j) => ({ feature, coef: out.coef[j] })),
            model: { pipeline, coef: out.coef, intercept: out.intercept },
          }, evaluated.scores, out.trainScores);
        } catch (error) {
          finish(spec.id, error as Error);
        }
      };
      const fitted: { item: { spec: LogisticSpec; hash: string }; out: FitStageResult }[] = [];
      const evaluations: Promise<void>[] = [];
      const fitOne = async (item: { spec: LogisticSpec; hash: string }, continueFrom: FitJob["continueFrom"], placement: RunPlacement) => {
        const { spec } = item;
        const job: FitStageJob = { spec, train, yTrain, tol: options.tol, maxIter: options.maxIter, continueFrom, keepTrainingScores: keepsTrainingScores(spec) };
        try {
          const out = await pool.run({ kind: "fit", job }, (iteration, loss) => onEvent?.({ type: "progress", id: spec.id, iteration, loss }), placement);
          // Training scores go to disk as soon as the fit is done (before its result, which is written
          // last), not held through the group's evaluations: at 10× the real size they are 0.12 GB a fit.
          if (out.trainScores) writeTrainingScores(resultsDir, spec.id, out.trainScores);
          const done = { ...out, trainScores: null };
          if (overlap) evaluations.push(evaluateOne(item, done));
          else fitted.push({ item, out: done });
          // Only a converged fit is a start for its neighbour; otherwise the neighbour starts cold.
          return out.fit.converged ? { id: spec.id, continuation: out.continuation } : null;
        } catch (error) {
          finish(spec.id, error as Error);
          return null;
        }
      };
      // Each chain runs in order (every fit continuing from its neighbour); the chains share the pool,
      // and a chain's next fit goes ahead of the waiting work so the chain never ends a group alone.
      const fitsDone = Promise.all(
        (options.warmStart === false ? items.map((item) => [item]) : warmStartChains(items, { subsampleStarts: train.rows >= SUBSAMPLE_START_MIN_ROWS })).map(async (chain) => {
          let previous: FitJob["continueFrom"] = null;
          for (const [k, item] of chain.entries()) previous = await fitOne(item, previous, { first: k > 0 });
        }),
      );
      if (overlap) {
        // The first fits are on the workers now (pool.run hands them over before its first await); the
        // validation buffer is free once the previous group's evaluations are done.
        await evaluationsBehind;
        buildValidation();
        markValidationReady();
        await fitsDone;
        evaluationsBehind = Promise.all(evaluations);
        continue;
      }
      const next = ordered[g + 1];
      if (prefetch && next !== undefined && train.rows * expectedWidth(next[0].spec) * 4 <= PREFETCH_MAX_BYTES) {
        await arenaFree[(g + 1) % arenas.length];
        ahead = buildTraining(next, arenas[(g + 1) % arenas.length]);
      }
      // Once its fits are done, the validation matrix overwrites the training matrix in the arena's
      // buffer and the evaluations go ahead of the waiting fits, freeing the buffer first.
      const evaluated = (async () => {
        await fitsDone;
        if (fitted.length === 0) return;
        buildValidation();
        markValidationReady();
        await Promise.all(fitted.map(({ item, out }) => evaluateOne(item, out, { first: true })));
      })();
      if (!prefetch) {
        await evaluated;
        continue;
      }
      arenaFree[g % arenas.length] = evaluated;
      // With the next group's matrix built, its fits queue now, behind this group's: a worker that
      // finishes this group's last fits early starts the next group's instead of waiting for the
      // slowest fit and the validation matrix (bench/README.md, "Groups end without a wait").
      if (ahead === null) await evaluated;
    }
    await Promise.all([evaluationsBehind, ...arenaFree]);
  } finally {
    await pool.close();
  }
  return summary;
}
