import fs from "node:fs";
import path from "node:path";
import { withLock } from "../locking";

/**
 * The ledger of test looks: registry/test-looks.jsonl, one JSON line per use of the test days, never
 * rewritten. A "select" look evaluates a model on the test days (every selection, refit or not); a
 * "view" is a page that computed or showed test figures. Looks are counted per data file (its
 * fingerprint): the first selection on a file is the confirmatory one, every later one has seen test
 * figures before it was made. Lines are appended under the registry lock with one write + fsync; a line
 * torn by a crash is skipped by readers, and the next append starts on a fresh line.
 */

export const TEST_LEDGER_FILE = "test-looks.jsonl";

export type TestLookKind = "select" | "view";

/** Where a threshold came from; every source is fixed on validation, never on the test days. */
export type ThresholdSource = "explicit" | "kept" | "best-f0.3";

export interface TestLook {
  format: "pushlab-test-look-v1";
  time: string;
  kind: TestLookKind;
  /** "cli:<os user>", "web:admin" (signed-in session) or "web:local" (open local mode). */
  actor: string;
  experimentId: string;
  /** The version written (select) or shown (view). */
  version: string;
  threshold: number;
  thresholdSource: ThresholdSource;
  /** When that threshold was fixed: kept on the experiment page, the result's run, or stated now. */
  thresholdFixedAt: string;
  refit: boolean;
  dataFingerprint: string;
  /** For a view: the page. */
  page: string | null;
  /** For a select: its ordinal among the selections on this data (1 = the confirmatory one). */
  look: number | null;
}

export function ledgerFile(registryDir: string): string {
  return path.join(registryDir, TEST_LEDGER_FILE);
}

/** Every look, oldest first; torn or foreign lines are skipped. */
export function readTestLooks(registryDir: string): TestLook[] {
  let text: string;
  try {
    text = fs.readFileSync(ledgerFile(registryDir), "utf8");
  } catch {
    return [];
  }
  const looks: TestLook[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const look = JSON.parse(line) as TestLook;
      if (look && look.format === "pushlab-test-look-v1" && (look.kind === "select" || look.kind === "view")) looks.push(look);
    } catch {
      // a line torn by a crash
    }
  }
  return looks;
}

/** Selections (looks) on the test days of one data file, oldest first. */
export function selectionsOn(registryDir: string, dataFingerprint: string): TestLook[] {
  return readTestLooks(registryDir).filter((l) => l.kind === "select" && l.dataFingerprint === dataFingerprint);
}

/**
 * Appends one look. The caller holds the registry lock (selectModel does; recordTestView takes it).
 * Returns the look as written, with its ordinal for a select.
 */
export function appendTestLookLocked(registryDir: string, look: Omit<TestLook, "format" | "look">): TestLook {
  const file = ledgerFile(registryDir);
  const ordinal = look.kind === "select" ? selectionsOn(registryDir, look.dataFingerprint).length + 1 : null;
  const full: TestLook = { format: "pushlab-test-look-v1", ...look, look: ordinal };
  fs.mkdirSync(registryDir, { recursive: true });
  const fd = fs.openSync(file, "a+");
  try {
    const size = fs.fstatSync(fd).size;
    let prefix = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      fs.readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = "\n"; // a torn last line stays a line of its own
    }
    fs.writeSync(fd, `${prefix}${JSON.stringify(full)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return full;
}

const viewsRecorded = new Set<string>();

/**
 * Records that a page showed test figures of a version. Once per process and (page, version, data):
 * a page rendered again shows the same figures, and the ledger should count uses, not requests.
 */
export async function recordTestView(registryDir: string, view: { page: string; actor: string; version: string; experimentId: string; threshold: number; refit: boolean; dataFingerprint: string }): Promise<void> {
  const key = JSON.stringify([registryDir, view.page, view.version, view.dataFingerprint]);
  if (viewsRecorded.has(key)) return;
  viewsRecorded.add(key);
  try {
    await withLock(registryDir, () =>
      appendTestLookLocked(registryDir, {
        time: new Date().toISOString(),
        kind: "view",
        actor: view.actor,
        experimentId: view.experimentId,
        version: view.version,
        threshold: view.threshold,
        thresholdSource: "kept",
        thresholdFixedAt: "",
        refit: view.refit,
        dataFingerprint: view.dataFingerprint,
        page: view.page,
      }),
    );
  } catch (error) {
    viewsRecorded.delete(key);
    throw error;
  }
}

/** What the ledger says about the test days of one data file and the model in use. */
export interface TestDaysUse {
  dataFingerprint: string;
  /** Selections that evaluated a model on these test days. */
  looks: number;
  /** Pages that showed test figures (once per page, version and server process). */
  views: number;
  /** The confirmatory look (the first selection), null before any. */
  first: TestLook | null;
  /** Distinct experiments and (experiment, threshold, refit) combinations evaluated on test. */
  experiments: number;
  combinations: number;
  /** The active version and the look that wrote it (null when it was written before the ledger existed). */
  activeVersion: string | null;
  activeLook: number | null;
  /**
   * Whether the model in use was chosen before the test days were used: it is the first selection's
   * version and nothing has been evaluated on test since. Null without an active version.
   */
  activeChosenBeforeTestDays: boolean | null;
  /** Every selection on these test days, oldest first. */
  selections: TestLook[];
}

/**
 * The summary of the test days' use (the report's and /registry's sentence are derived from it, and
 * `pushlab report --json` writes it as `test`).
 */
export function testLooks(registryDir: string, dataFingerprint: string, activeVersion: string | null): TestDaysUse {
  const all = readTestLooks(registryDir).filter((l) => l.dataFingerprint === dataFingerprint);
  const selections = all.filter((l) => l.kind === "select");
  const activeLook = activeVersion === null ? null : selections.find((l) => l.version === activeVersion)?.look ?? null;
  return {
    dataFingerprint,
    looks: selections.length,
    views: all.length - selections.length,
    first: selections[0] ?? null,
    experiments: new Set(selections.map((l) => l.experimentId)).size,
    combinations: new Set(selections.map((l) => JSON.stringify([l.experimentId, l.threshold, l.refit]))).size,
    activeVersion,
    activeLook,
    activeChosenBeforeTestDays: activeVersion === null ? null : activeLook === 1 && selections.length === 1,
    selections,
  };
}

function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

function looksWord(n: number): string {
  return `${n} ${n === 1 ? "look" : "looks"}`;
}

/**
 * The one sentence about the test days, derived from the ledger: how often they were used and whether
 * the model in use was chosen before them (so whether its test figures are an untouched estimate).
 */
export function testDaysStatement(use: TestDaysUse): string {
  if (use.looks === 0) {
    return use.activeVersion === null
      ? "The test days have not been used: no model has been selected on this data."
      : "The ledger of test looks has no selection on this data for the model in use (it was selected before the ledger was kept, or on another file), so whether the test days helped choose it is not recorded.";
  }
  const first = use.first!;
  const firstText = `${first.experimentId} at threshold ${first.threshold.toPrecision(3)}, ${first.time.slice(0, 10)}`;
  if (use.activeChosenBeforeTestDays) {
    return `The test days were used once (1 look), to confirm this model after it was chosen on validation: their figures are an untouched estimate of what to expect.`;
  }
  const spread = use.combinations > 1 ? ` (${use.experiments} ${use.experiments === 1 ? "experiment" : "experiments"}, ${use.combinations} experiment–threshold combinations)` : "";
  const how =
    use.activeLook === null
      ? "this model's selection is not among them"
      : use.activeLook === 1
        ? `this model came from the first look (${firstText}) but was made active again after later looks had shown other test figures`
        : `this model was selected at look ${use.activeLook}, after the test days had already been seen`;
  return (
    `The test days have been used ${times(use.looks)} (${looksWord(use.looks)})${spread}; ${how}, so it was not chosen before them and its test figures are optimistic. ` +
    `Only the first look (${firstText}) was confirmatory.`
  );
}

/** The warning a selection gets when it is not the first on this data (null for the confirmatory one). */
export function laterLookWarning(look: TestLook, use: TestDaysUse): string | null {
  if (look.look === null || look.look <= 1) return null;
  const first = use.first;
  return (
    `the test days of this data have now been used ${times(look.look)} (look ${look.look}; the first, confirmatory one was ` +
    `${first ? `${first.experimentId} by ${first.actor} at ${first.time.slice(0, 19).replace("T", " ")}` : "earlier"}): ` +
    `these test figures were not untouched when this choice was made, so they are optimistic`
  );
}
