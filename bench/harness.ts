/**
 * What the TypeScript benchmarks of one experiment share: their arguments, timing (wall and CPU of this
 * thread, median of repetitions), and the loaded feature frame with its split, labels and order ids.
 */
import { loadDataset, prepareData } from "../lib/data/dataset";
import { numberColumn } from "../lib/data/feature-frame";
import { ORDER_COLUMN, TARGET_COLUMN } from "../lib/data/schema";
import { evaluateScores } from "../lib/experiments/running/evaluate";
import { fitPipeline, transformRows, type Encoding } from "../lib/features/pipeline";
import type { DesignMatrix } from "../lib/model/design-matrix";

/** A numeric `--name N` argument, or `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** mulberry32 uniforms + Box–Muller normals: the synthetic matrices of the solver benchmarks. */
export function gaussianRng(seed: number): { uniform: () => number; normal: () => number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

export function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** --file and --cache, or the usage line on stderr and exit 2. */
export function fileArguments(usage: string): { file: string; cacheDir: string } {
  const file = arg("file");
  const cacheDir = arg("cache");
  if (!file || !cacheDir) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  return { file, cacheDir };
}

export function measure<T>(fn: () => T): { out: T; wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = fn();
  const cpu = process.cpuUsage(cpu0);
  return { out, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const pick = (values: ArrayLike<number>, rows: Uint32Array) => Float64Array.from(rows, (i) => values[i]);

/** The file loaded (from its Arrow cache when current) and prepared, with labels and order ids per split, timed. */
export async function loadSplits(file: string, cacheDir: string) {
  const loadStarted = performance.now();
  const frame = (await loadDataset(file, { cacheDir })).frame;
  const loadWall = (performance.now() - loadStarted) / 1000;
  const prepare = measure(() => prepareData(frame));
  const data = prepare.out;
  const target = numberColumn(frame, TARGET_COLUMN);
  const orders = numberColumn(frame, ORDER_COLUMN);
  const { train, validation, test } = data.split.rows;
  return {
    frame,
    data,
    loadSeconds: loadWall,
    prepareSeconds: prepare.wall,
    y: { train: pick(target, train), validation: pick(target, validation), test: pick(target, test) },
    orders: { validation: pick(orders, validation), test: pick(orders, test) },
  };
}

/** The global-popularity baseline's validation scores and its best-F0.3 threshold: the reference of a paired comparison. */
export function popularityBaseline(splits: Awaited<ReturnType<typeof loadSplits>>): { scores: Float64Array; threshold: number } {
  const scores = pick(numberColumn(splits.frame, "global_popularity"), splits.data.split.rows.validation);
  return { scores, threshold: evaluateScores(splits.y.validation, scores, { probabilities: false }).metrics.bestThreshold };
}

/**
 * The runner's float32 training and validation matrices of each encoding in turn (the fit benches'
 * loop), logging each one's shape; the previous encoding's matrices are garbage once the next is built.
 */
export function* encodingMatrices(
  splits: Awaited<ReturnType<typeof loadSplits>>,
  encodings: Iterable<Encoding>,
  log: (message: string) => void,
): Generator<{ encoding: Encoding; train: DesignMatrix; validation: DesignMatrix; yTrain: Float64Array }> {
  for (const encoding of new Set(encodings)) {
    const { state, train } = fitPipeline(splits.frame, splits.data.split.rows.train, { encoding }, { float32: true });
    const validation = transformRows(state, splits.frame, splits.data.split.rows.validation, { float32: true });
    log(`${encoding}: ${train.rows.toLocaleString("en")} × ${train.cols}`);
    yield { encoding, train, validation, yTrain: splits.y.train };
  }
}
