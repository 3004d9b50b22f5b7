import fs from "node:fs";
import path from "node:path";

/**
 * Where pushlab reads and writes. Everything it writes lives under PUSHLAB_HOME (default ./.pushlab);
 * the dataset is PUSHLAB_DATA, or the default synthetic file generated on first use.
 */
export interface Workspace {
  home: string;
  dataDir: string;
  cacheDir: string;
  resultsDir: string;
  registryDir: string;
  /** Queue of runs started from the browser, and computed regularization paths. */
  runsDir: string;
  pathsDir: string;
  /** Experiment definitions saved from the browser. */
  experimentsDir: string;
  /** Scoring reports of predict / campaign runs, one log per version. */
  scoringDir: string;
  /** Scored candidate files published for GET /api/campaign. */
  candidatesDir: string;
  /** The CSV to train on. */
  dataFile: string;
  /** True when dataFile is the generated default rather than a file the user pointed at. */
  synthetic: boolean;
  /** Orders in the default synthetic file (PUSHLAB_SYNTHETIC_ORDERS, default 3446 ≈ 2.9M rows). */
  syntheticOrders: number;
  syntheticSeed: number;
}

export const DEFAULT_SYNTHETIC_FILE = "feature_frame_synthetic.csv";
export const DEFAULT_SYNTHETIC_ORDERS = 3446;
export const DEFAULT_SYNTHETIC_SEED = 42;

/** A bad PUSHLAB_* setting: reported as one line by the CLI, never a stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function positiveInteger(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got '${raw}'`);
  return value;
}

export function resolveWorkspace(env: NodeJS.ProcessEnv = process.env): Workspace {
  const home = path.resolve(/*turbopackIgnore: true*/ env.PUSHLAB_HOME || ".pushlab");
  const dataDir = path.join(home, "data");
  const dataFile = env.PUSHLAB_DATA ? path.resolve(/*turbopackIgnore: true*/ env.PUSHLAB_DATA) : path.join(dataDir, DEFAULT_SYNTHETIC_FILE);
  return {
    home,
    dataDir,
    cacheDir: path.join(home, "cache"),
    resultsDir: path.join(home, "results"),
    registryDir: path.join(home, "registry"),
    runsDir: path.join(home, "runs"),
    pathsDir: path.join(home, "paths"),
    experimentsDir: path.join(home, "experiments"),
    scoringDir: path.join(home, "scoring"),
    candidatesDir: path.join(home, "candidates"),
    dataFile,
    synthetic: !env.PUSHLAB_DATA,
    syntheticOrders: positiveInteger("PUSHLAB_SYNTHETIC_ORDERS", DEFAULT_SYNTHETIC_ORDERS, env),
    syntheticSeed: positiveInteger("PUSHLAB_SYNTHETIC_SEED", DEFAULT_SYNTHETIC_SEED, env),
  };
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
