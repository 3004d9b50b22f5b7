import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { numberColumn } from "../data/feature-frame";
import type { PreparedData } from "../data/dataset";
import { TARGET_COLUMN } from "../data/schema";
import { averagePrecision, confusionMatrixAt, fBeta, rocAuc } from "../metrics";
import { fitPipeline, transformRows } from "../features/pipeline";
import { DEFAULT_MAX_ITER, DEFAULT_TOL, fitLogisticRegression, predictProba } from "../model/logistic-regression";
import { writeFileAtomicSync, writeJsonAtomicSync } from "../fs-atomic";
import { withLock } from "../locking";
import { F_BETA } from "../experiments/running/evaluate";
import { keptThreshold, validateThreshold } from "../experiments/results/operating-thresholds";
import { ranksNobody } from "../experiments/running/degenerate";
import { requireResult, UnknownExperimentError } from "../experiments/results/results-store";
import { chooseThreshold, thresholdRuleSentence } from "./threshold-rule";
import { PUSHLAB_VERSION } from "../version";
import { CorruptRegistryError, parseJsonFile, RegistryError } from "./errors";
import { indexFile, readRegistryIndex, reconcileRegistryIndex, registryIndexSchema, versionFolders, type RegistryIndex, type VersionEntry } from "./index-file";
import { parseModelFile, type ModelFile } from "./model-file";
import { modelSignature } from "./model-signature";
import { computeVersionExtras, writeVersionExtras } from "./version-extras";
import type { Interval, IntervalMetric } from "../experiments/comparison/bootstrap";
import { splitIntervals } from "./split-intervals";
import { appendTestLookLocked, selectionsOn, type TestLook } from "./test-ledger";

export { CorruptRegistryError, RegistryError };

/**
 * The model registry under PUSHLAB_HOME/registry:
 *   v_YYYYMMDD_HHMMSS[_n]/model.json, metadata.json   one folder per version, made visible by a rename
 *   registry.json                                       index of versions + the active one (atomic write)
 *   active                                              symlink to the active version (mirror of the index)
 *   history.jsonl                                       append-only: select / activate with time, actor, reason
 *   test-looks.jsonl                                    append-only: every use of the test days (test-ledger.ts)
 * Every writer holds the registry lock, so concurrent selections each produce one complete version.
 * registry.json is the source of truth: a process killed at any point leaves either the old or the
 * new index, and the version it names is complete. A version folder made visible by a select killed
 * before its index write, or an index that was deleted, is reconciled by the next writer (and by
 * `pushlab registry check --repair`): a registry never forgets a version that is on disk.
 */


export interface SplitScores {
  averagePrecision: number;
  rocAuc: number;
  precision: number;
  recall: number;
  f03: number;
  pushes: number;
  rows: number;
  positives: number;
}

export interface VersionMetadata {
  format: "pushlab-version-metadata-v1";
  version: string;
  experimentId: string;
  spec: unknown;
  dataFingerprint: string;
  dataFile: string;
  createdAt: string;
  actor: string;
  note: string | null;
  threshold: number;
  thresholdSource: "explicit" | "kept" | "best-f0.3";
  /** The threshold is always fixed on validation; after a refit it comes from the train-only fit's held-out figures. */
  thresholdBasis: "validation" | "validation, train-only fit";
  /** Which rule chose the threshold, in one sentence (thresholdRuleSentence); absent in versions written before it was kept. */
  thresholdRule?: string;
  /** A threshold kept on the experiment page after the first test look, which the held-out rule replaced. */
  keptThresholdSetAside?: { threshold: number; keptAt: string } | null;
  refit: boolean;
  /** Rows the saved coefficients were fitted on. */
  fittedOn: "train" | "train+validation";
  /** The saved model on validation: in-sample after a refit (validation rows were fitted on). */
  validation: SplitScores;
  validationInSample: boolean;
  /** The train-only fit on validation at the same threshold: held-out figures (equal to `validation` without a refit). */
  heldOutValidation: SplitScores;
  test: SplitScores;
  /** 95% order-bootstrap intervals of the test figures (precision / recall / F0.3 at the threshold). */
  testIntervals: Record<IntervalMetric, Interval>;
  /** This selection's ordinal among the uses of these test days (1 = the confirmatory one). */
  testLook: number;
  /** The refit's solver settings (the experiment's) and diagnostics; null without a refit. */
  refitFit: { tol: number; maxIter: number; iterations: number; converged: boolean; gradNorm: number } | null;
  pushlabVersion: string;
}

export interface SelectOptions {
  experimentId: string;
  threshold?: number;
  note?: string | null;
  refit?: boolean;
  actor: string;
  /** Test hook: called between the steps of a write, to prove crash consistency. */
  onStep?: (step: string) => void;
}

const VERSION_PATTERN = /^v_\d{8}_\d{6}(_\d+)?$/;

export function isValidVersion(version: unknown): version is string {
  return typeof version === "string" && VERSION_PATTERN.test(version);
}

function versionName(registryDir: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "_").slice(0, 15);
  let name = `v_${stamp}`;
  for (let n = 2; fs.existsSync(path.join(registryDir, name)); n++) name = `v_${stamp}_${n}`;
  return name;
}

/** Scores at a threshold (score ≥ threshold → push), AP and ROC-AUC, on one split. */
export function splitScores(y: Float64Array, scores: Float64Array, threshold: number): SplitScores {
  const cm = confusionMatrixAt(y, scores, threshold);
  const pushes = cm.tp + cm.fp;
  const precision = pushes > 0 ? cm.tp / pushes : 0;
  const recall = cm.tp + cm.fn > 0 ? cm.tp / (cm.tp + cm.fn) : 0;
  return {
    averagePrecision: averagePrecision(y, scores),
    rocAuc: rocAuc(y, scores),
    precision,
    recall,
    f03: fBeta(precision, recall, F_BETA),
    pushes,
    rows: y.length,
    positives: cm.tp + cm.fn,
  };
}

function labels(data: PreparedData, rows: Uint32Array): Float64Array {
  const target = numberColumn(data.frame, TARGET_COLUMN);
  return Float64Array.from(rows, (i) => target[i]);
}

function concatRows(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function appendHistory(registryDir: string, event: Record<string, unknown>): void {
  const fd = fs.openSync(path.join(registryDir, "history.jsonl"), "a");
  try {
    fs.writeSync(fd, `${JSON.stringify(event)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Points the `active` symlink at a version (temp link + rename, so it is never missing or half-made). */
function pointActive(registryDir: string, version: string): void {
  const temp = path.join(registryDir, `.active-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
  try {
    fs.symlinkSync(version, temp);
  } catch {
    // No symlinks here (some filesystems): a pointer file instead.
    fs.writeFileSync(temp, `${version}\n`);
  }
  fs.renameSync(temp, path.join(registryDir, "active"));
}

/**
 * What every writer checks before it writes anything: the `active` link it will replace at the end
 * must be a link or a pointer file, never a folder (a rename onto it would fail after the index and
 * history were already written).
 */
function checkActivePointer(registryDir: string): void {
  const active = path.join(registryDir, "active");
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(active);
  } catch {
    return; // absent: the first selection creates it
  }
  if (!stat.isSymbolicLink() && !stat.isFile()) {
    throw new RegistryError(`${active}: is a ${stat.isDirectory() ? "directory" : "special file"}, not the link to the active version: move it away and retry (registry.json names the active version)`);
  }
}

/** Under the lock: the index reconciled with the version folders on disk (see reconcileRegistryIndex). */
function currentIndex(registryDir: string): RegistryIndex {
  return reconcileRegistryIndex(registryDir).index;
}

/** Under the lock, any temp folder or link is an abandoned write of a process that died: remove it. */
function removeAbandonedTemps(registryDir: string): void {
  for (const name of fs.readdirSync(registryDir)) {
    if (name.startsWith(".tmp-") || name.startsWith(".active-")) fs.rmSync(path.join(registryDir, name), { recursive: true, force: true });
  }
}

function writeIndex(registryDir: string, index: RegistryIndex): void {
  registryIndexSchema.parse(index);
  writeJsonAtomicSync(indexFile(registryDir), index);
}

/**
 * Selects an experiment as the model: evaluates its fitted pipeline on the test split (for the first
 * time), optionally refits the same configuration on train + validation, writes a new version and
 * makes it active. Shared by the "Select as model" button and `pushlab select`.
 */
export async function selectModel(registryDir: string, resultsDir: string, data: PreparedData, options: SelectOptions): Promise<VersionEntry> {
  const result = requireResult(resultsDir, options.experimentId);
  if (result.computedFrom.dataFingerprint !== data.frame.source.fingerprint) {
    throw new RegistryError(`experiment '${result.id}' was computed on other data (fingerprint ${result.computedFrom.dataFingerprint}); run it again on this file first`);
  }
  if (!result.model || result.spec.kind !== "logreg") throw new RegistryError(`experiment '${result.id}' is a baseline, not a model: select a logistic-regression experiment`);
  const kept = keptThreshold(resultsDir, result.id);
  const fingerprint = data.frame.source.fingerprint;
  const choose = () =>
    chooseThreshold({
      stated: options.threshold !== undefined ? validateThreshold(options.threshold) : undefined,
      statedAt: new Date().toISOString(),
      kept,
      bestThreshold: result.validation.bestThreshold,
      resultCreatedAt: result.createdAt,
      firstLook: selectionsOn(registryDir, fingerprint)[0] ?? null,
    });
  const choice = choose();
  const { threshold, source: thresholdSource, fixedAt: thresholdFixedAt } = choice;
  if (thresholdSource === "explicit") refuseStatedThresholdAfterLooks(registryDir, fingerprint);
  const note = options.note?.slice(0, 2000) ?? null;

  const { train, validation, test } = data.split.rows;
  if (test.length === 0) throw new RegistryError("the test split is empty: not enough days in the data");
  const trainOnly = result.model;
  let pipeline = trainOnly.pipeline;
  let coef = trainOnly.coef;
  let intercept = trainOnly.intercept;
  let refitFit: VersionMetadata["refitFit"] = null;
  if (options.refit) {
    const rows = concatRows(train, validation);
    const spec = result.spec;
    // The experiment's own solver settings, so the refit stops where the train-only fit did.
    const tol = result.fit?.tol ?? DEFAULT_TOL;
    const maxIter = result.fit?.maxIter ?? DEFAULT_MAX_ITER;
    const fitted = fitPipeline(data.frame, rows, { encoding: spec.encoding, features: spec.features ?? undefined });
    const fit = fitLogisticRegression(fitted.train, labels(data, rows), { penalty: spec.penalty, C: spec.C ?? 1, l1Ratio: spec.l1Ratio ?? undefined, classWeight: spec.classWeight, tol, maxIter });
    if (!fit.converged) {
      throw new RegistryError(
        `the refit of '${result.id}' on train + validation did not converge (${fit.iterations} iterations, max-abs gradient ${fit.gradNorm.toExponential(2)} > tol ${tol.toExponential()}, maxIter ${maxIter}); nothing was written — select it without --refit`,
      );
    }
    pipeline = fitted.state;
    coef = Array.from(fit.coef);
    intercept = fit.intercept;
    refitFit = { tol, maxIter, iterations: fit.iterations, converged: fit.converged, gradNorm: fit.gradNorm };
  }
  if (ranksNobody(coef)) {
    throw new RegistryError(`experiment '${result.id}' has every coefficient at zero: it gives every customer the same score and ranks nobody; choose a less regularized experiment`);
  }
  const score = (rows: Uint32Array) => predictProba(transformRows(pipeline, data.frame, rows), coef, intercept);
  const yValidation = labels(data, validation);
  const validationScores = splitScores(yValidation, score(validation), threshold);
  const heldOutValidation = options.refit
    ? splitScores(yValidation, predictProba(transformRows(trainOnly.pipeline, data.frame, validation), trainOnly.coef, trainOnly.intercept), threshold)
    : validationScores;
  if (test.length === 0) throw new RegistryError("the test split is empty: not enough days in the data");
  const yTest = labels(data, test);
  const testProbabilities = score(test);
  const testScores = splitScores(yTest, testProbabilities, threshold);
  const testIntervals = splitIntervals(data, test, yTest, testProbabilities, threshold);
  const extras = computeVersionExtras({ pipeline, coef, intercept, threshold }, data, options.refit ? concatRows(train, validation) : train);

  return withLock(registryDir, () => {
    checkActivePointer(registryDir);
    if (thresholdSource === "explicit") refuseStatedThresholdAfterLooks(registryDir, fingerprint);
    // A selection that wrote its look meanwhile can make a kept threshold one kept after the first look: then its figures are stale.
    if (choose().threshold !== threshold) throw new RegistryError("the test days were first used by another selection while this one was evaluated, so its threshold rule changed; nothing was written — select again");
    const before = currentIndex(registryDir);
    removeAbandonedTemps(registryDir);
    const now = new Date();
    const version = versionName(registryDir, now);
    // 0. The look at the test days, before the figures become visible anywhere: a crash after this
    // line over-counts a look nobody saw, never under-counts one.
    const look: TestLook = appendTestLookLocked(registryDir, {
      time: now.toISOString(),
      kind: "select",
      actor: options.actor,
      experimentId: result.id,
      version,
      threshold,
      thresholdSource,
      thresholdFixedAt,
      refit: options.refit === true,
      dataFingerprint: fingerprint,
      page: null,
    });
    options.onStep?.("look-recorded");
    const model: ModelFile = {
      format: "pushlab-model-v1",
      version,
      experimentId: result.id,
      pushlabVersion: PUSHLAB_VERSION,
      createdAt: now.toISOString(),
      featureNames: pipeline.featureNames,
      pipeline,
      coef,
      intercept,
      threshold,
      refit: options.refit === true,
      signature: modelSignature(pipeline),
    };
    const metadata: VersionMetadata = {
      format: "pushlab-version-metadata-v1",
      version,
      experimentId: result.id,
      spec: result.spec,
      dataFingerprint: data.frame.source.fingerprint,
      dataFile: data.frame.source.path,
      createdAt: now.toISOString(),
      actor: options.actor,
      note,
      threshold,
      thresholdSource,
      thresholdBasis: options.refit ? "validation, train-only fit" : "validation",
      thresholdRule: thresholdRuleSentence(choice, options.refit === true),
      keptThresholdSetAside: choice.setAside,
      refit: options.refit === true,
      fittedOn: options.refit ? "train+validation" : "train",
      validation: validationScores,
      validationInSample: options.refit === true,
      heldOutValidation,
      test: testScores,
      testIntervals,
      testLook: look.look ?? 1,
      refitFit,
      pushlabVersion: PUSHLAB_VERSION,
    };
    // 1. The version folder, complete before it becomes visible under its name.
    const temp = path.join(registryDir, `.tmp-${version}-${crypto.randomBytes(4).toString("hex")}`);
    fs.mkdirSync(temp, { recursive: true });
    writeFileAtomicSync(path.join(temp, "model.json"), `${JSON.stringify(model)}\n`);
    writeJsonAtomicSync(path.join(temp, "metadata.json"), metadata);
    writeVersionExtras(temp, extras);
    options.onStep?.("version-written");
    fs.renameSync(temp, path.join(registryDir, version));
    options.onStep?.("version-visible");
    // 2. The index (with any version a killed writer left unindexed): the new version, active.
    const index = before;
    const entry: VersionEntry = {
      version,
      experimentId: result.id,
      createdAt: metadata.createdAt,
      threshold,
      refit: metadata.refit,
      note,
      actor: options.actor,
      // Held-out validation figures (the train-only fit's after a refit); the in-sample ones are in metadata.json.
      validation: { averagePrecision: heldOutValidation.averagePrecision, rocAuc: heldOutValidation.rocAuc, f03: heldOutValidation.f03 },
      test: { averagePrecision: testScores.averagePrecision, rocAuc: testScores.rocAuc, precision: testScores.precision, recall: testScores.recall, f03: testScores.f03 },
    };
    writeIndex(registryDir, { ...index, active: version, versions: [...index.versions, entry] });
    options.onStep?.("index-written");
    // 3. History and the active link.
    appendHistory(registryDir, { time: metadata.createdAt, action: "select", version, experimentId: result.id, actor: options.actor, reason: note, previous: index.active });
    options.onStep?.("history-written");
    pointActive(registryDir, version);
    options.onStep?.("done");
    return entry;
  });
}

/**
 * A threshold stated at selection is accepted only before the test days of this data were first used:
 * once test figures have been seen, a newly stated value could come from them. Later selections use the
 * threshold kept on the experiment page (from its validation figures) or the best-F0.3 one.
 */
function refuseStatedThresholdAfterLooks(registryDir: string, dataFingerprint: string): void {
  const looks = selectionsOn(registryDir, dataFingerprint);
  if (looks.length === 0) return;
  throw new RegistryError(
    `a threshold can only be stated before the test days are first used, and they have been used ${looks.length === 1 ? "once" : `${looks.length} times`} (first at ${looks[0].time.slice(0, 19).replace("T", " ")}, ${looks[0].experimentId}): keep a threshold on the experiment page from its validation figures, or select without one; nothing was written`,
  );
}

/** Makes an existing version active (a rollback when it is an older one). */
export async function activateVersion(registryDir: string, version: string, actor: string, reason: string | null): Promise<VersionEntry> {
  if (!isValidVersion(version)) throw new RegistryError(`not a registry version: '${String(version).slice(0, 60)}'`);
  return withLock(registryDir, () => {
    const index = currentIndex(registryDir);
    const entry = index.versions.find((v) => v.version === version);
    if (!entry) throw new RegistryError(`no version '${version}' in the registry`);
    checkActivePointer(registryDir);
    removeAbandonedTemps(registryDir);
    loadModel(registryDir, version); // refuse to activate a version that does not load
    writeIndex(registryDir, { ...index, active: version });
    appendHistory(registryDir, { time: new Date().toISOString(), action: index.active === version ? "activate" : "rollback", version, experimentId: entry.experimentId, actor, reason: reason?.slice(0, 2000) ?? null, previous: index.active });
    pointActive(registryDir, version);
    return entry;
  });
}

export function listVersions(registryDir: string): RegistryIndex {
  return readRegistryIndex(registryDir);
}

export interface HistoryEvent {
  time: string;
  action: "select" | "activate" | "rollback";
  version: string;
  experimentId: string;
  actor: string;
  reason: string | null;
  previous: string | null;
}

/** history.jsonl, oldest first; a torn last line (a crash mid-append) is skipped. */
export function readHistory(registryDir: string): HistoryEvent[] {
  let text = "";
  try {
    text = fs.readFileSync(path.join(registryDir, "history.jsonl"), "utf8");
  } catch {
    return [];
  }
  const events: HistoryEvent[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line));
    } catch {
      // torn line
    }
  }
  return events;
}

/** The model of a version (default: the active one). */
export function loadModel(registryDir: string, version?: string): ModelFile {
  const name = version ?? readRegistryIndex(registryDir).active;
  if (!name) throw new RegistryError("no model has been selected yet: select an experiment first (pushlab select ID)");
  if (!isValidVersion(name)) throw new RegistryError(`not a registry version: '${String(name).slice(0, 60)}'`);
  const index = readRegistryIndex(registryDir);
  if (!index.versions.some((v) => v.version === name)) throw new RegistryError(`no version '${name}' in the registry`);
  return readVersionModel(registryDir, name);
}

/** A version folder's model.json, validated, whether or not the index names it. */
function readVersionModel(registryDir: string, version: string): ModelFile {
  const file = path.join(registryDir, version, "model.json");
  return parseModelFile(readVersionFile(file), file, version);
}

function readVersionFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CorruptRegistryError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export function readVersionMetadata(registryDir: string, version: string): VersionMetadata {
  if (!isValidVersion(version)) throw new RegistryError(`not a registry version: '${String(version).slice(0, 60)}'`);
  const file = path.join(registryDir, version, "metadata.json");
  const metadata = parseJsonFile(readVersionFile(file), file) as VersionMetadata;
  if (typeof metadata !== "object" || metadata === null || metadata.version !== version) {
    throw new CorruptRegistryError(`${file}: not a valid metadata file: its version field does not name ${version}`);
  }
  return metadata;
}

export interface RegistryCheck {
  /** Problems found, one line each (after a repair: those it fixed, and those it could not). */
  problems: string[];
  /** Problems a repair cannot fix (an indexed version whose files are missing or corrupt). */
  unrepairable: string[];
  repaired: boolean;
}

/**
 * `pushlab registry check`: compares registry.json with the version folders, the active link and the
 * temp files of killed writers. With `repair`, under the registry lock, writes the reconciled index,
 * points the active link at the index's active version and removes abandoned temps.
 */
export async function checkRegistry(registryDir: string, repair: boolean): Promise<RegistryCheck> {
  const inspect = (): RegistryCheck & { index: RegistryIndex } => {
    const { index, changes } = reconcileRegistryIndex(registryDir);
    const problems = [...changes];
    const unrepairable: string[] = [];
    for (const v of index.versions) {
      try {
        readVersionModel(registryDir, v.version);
        readVersionMetadata(registryDir, v.version);
      } catch (error) {
        unrepairable.push(`version ${v.version}: ${(error as Error).message}`);
      }
    }
    const active = path.join(registryDir, "active");
    if (index.active) {
      let target: string | null = null;
      try {
        const stat = fs.lstatSync(active);
        target = stat.isSymbolicLink() ? fs.readlinkSync(active) : stat.isFile() ? fs.readFileSync(active, "utf8").trim() : `(a ${stat.isDirectory() ? "directory" : "special file"})`;
      } catch {
        target = null;
      }
      if (target !== index.active) problems.push(`the active link points at ${target ?? "nothing"}, registry.json at ${index.active}`);
    }
    let names: string[] = [];
    try {
      names = fs.readdirSync(registryDir);
    } catch {
      // no registry yet
    }
    for (const name of names) if (name.startsWith(".tmp-") || name.startsWith(".active-")) problems.push(`abandoned temp ${name}`);
    for (const name of versionFolders(registryDir)) {
      if (!index.versions.some((v) => v.version === name)) unrepairable.push(`folder ${name} is incomplete (no valid model.json and metadata.json): not indexed`);
    }
    return { index, problems, unrepairable, repaired: false };
  };
  const found = inspect();
  if (!repair || found.problems.length === 0) return { problems: found.problems, unrepairable: found.unrepairable, repaired: false };
  return withLock(registryDir, () => {
    const now = inspect();
    const active = path.join(registryDir, "active");
    const activeStat = fs.existsSync(active) ? fs.lstatSync(active) : null;
    if (activeStat && !activeStat.isSymbolicLink() && !activeStat.isFile()) {
      return { problems: now.problems, unrepairable: [...now.unrepairable, `${active} is a directory: move it away, then repair again`], repaired: false };
    }
    removeAbandonedTemps(registryDir);
    writeIndex(registryDir, now.index);
    if (now.index.active) pointActive(registryDir, now.index.active);
    return { problems: now.problems, unrepairable: now.unrepairable, repaired: true };
  });
}

export { UnknownExperimentError };
