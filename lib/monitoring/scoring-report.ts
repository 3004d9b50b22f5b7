import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../fs-atomic";
import { isValidVersion } from "../registry/registry";
import { PSI_ALERT, populationStabilityIndex, psiLevel } from "./psi";
import type { ScoringProfile } from "./scoring-profile";
import type { ScoringReference } from "./scoring-reference";

/**
 * The scoring report of one `pushlab predict` or `pushlab campaign` run: written beside its output
 * (OUTPUT.scoring-report.json) and appended to PUSHLAB_HOME/scoring/<version>.jsonl, which the
 * version's page reads. Every figure is a count or a PSI computed from the run's profile and the
 * version's scoring reference.
 */

export interface PsiEntry {
  name: string;
  psi: number;
  level: ReturnType<typeof psiLevel>;
}

export interface ScoringReport {
  format: "pushlab-scoring-report-v1";
  createdAt: string;
  command: "predict" | "campaign";
  input: string;
  output: string;
  version: string;
  experimentId: string;
  threshold: number;
  rows: number;
  aboveThreshold: number;
  shareAboveThreshold: number;
  unseen: { column: string; rows: number; rate: number; values: { value: string; rows: number }[] }[];
  psi:
    | { available: true; alertAbove: number; features: PsiEntry[]; score: PsiEntry; max: PsiEntry }
    | { available: false; reason: string };
  /** One sentence per PSI above alertAbove; empty when nothing shifted that much. */
  alerts: string[];
}

export interface ReportContext {
  command: ScoringReport["command"];
  input: string;
  output: string;
  version: string;
  experimentId: string;
  threshold: number;
  createdAt?: Date;
}

const TOP_UNSEEN = 10;

export function buildScoringReport(profile: ScoringProfile, reference: ScoringReference | null, context: ReportContext): ScoringReport {
  const unseen = Object.entries(profile.unseen).map(([column, values]) => {
    const rows = values.reduce((a, [, n]) => a + n, 0);
    return {
      column,
      rows,
      rate: profile.rows > 0 ? rows / profile.rows : 0,
      values: [...values].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_UNSEEN).map(([value, n]) => ({ value, rows: n })),
    };
  });
  let psi: ScoringReport["psi"];
  const alerts: string[] = [];
  if (!reference || !profile.featureCounts || !profile.scoreCounts) {
    psi = { available: false, reason: reference ? "the run kept no bin counts" : `version ${context.version} keeps no training sample (selected before scoring references were kept): PSI unavailable` };
  } else if (profile.rows === 0) {
    psi = { available: false, reason: "no rows were scored" };
  } else {
    const entry = (name: string, value: number): PsiEntry => ({ name, psi: value, level: psiLevel(value) });
    const features = reference.features.map((f, k) => entry(f.name, populationStabilityIndex(f.proportions, profile.featureCounts![k])));
    const score = entry("score", populationStabilityIndex(reference.score.proportions, profile.scoreCounts));
    const max = [...features, score].reduce((a, b) => (b.psi > a.psi ? b : a));
    psi = { available: true, alertAbove: PSI_ALERT, features, score, max };
    for (const e of [...features, score]) {
      if (e.psi > PSI_ALERT) alerts.push(`PSI of ${e.name === "score" ? "the score" : e.name} is ${e.psi.toFixed(3)} (> ${PSI_ALERT}): a major shift from the training sample`);
    }
  }
  return {
    format: "pushlab-scoring-report-v1",
    createdAt: (context.createdAt ?? new Date()).toISOString(),
    command: context.command,
    input: context.input,
    output: context.output,
    version: context.version,
    experimentId: context.experimentId,
    threshold: context.threshold,
    rows: profile.rows,
    aboveThreshold: profile.aboveThreshold,
    shareAboveThreshold: profile.rows > 0 ? profile.aboveThreshold / profile.rows : 0,
    unseen,
    psi,
    alerts,
  };
}

/** OUTPUT.csv → OUTPUT.scoring-report.json beside it. */
export function scoringReportPath(output: string): string {
  const parsed = path.parse(path.resolve(output));
  return path.join(parsed.dir, `${parsed.name}.scoring-report.json`);
}

function logFile(scoringDir: string, version: string): string {
  if (!isValidVersion(version)) throw new RangeError(`not a registry version: '${String(version).slice(0, 60)}'`);
  return path.join(scoringDir, `${version}.jsonl`);
}

/** Writes the report beside the output (atomically) and appends it to the version's scoring log. */
export function saveScoringReport(scoringDir: string, report: ScoringReport): string {
  const log = logFile(scoringDir, report.version);
  const file = scoringReportPath(report.output);
  writeJsonAtomicSync(file, report);
  fs.mkdirSync(scoringDir, { recursive: true });
  // One write of one line with O_APPEND: concurrent runs never interleave inside a line.
  const fd = fs.openSync(log, "a");
  try {
    fs.writeSync(fd, `${JSON.stringify(report)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** The latest scoring reports of a version, newest first; a torn last line is skipped. */
export function readScoringReports(scoringDir: string, version: string, limit = 10): ScoringReport[] {
  const file = logFile(scoringDir, version);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const reports: ScoringReport[] = [];
  const lines = text.split("\n");
  for (let k = lines.length - 1; k >= 0 && reports.length < limit; k--) {
    if (!lines[k].trim()) continue;
    try {
      const report = JSON.parse(lines[k]) as ScoringReport;
      if (report.format === "pushlab-scoring-report-v1") reports.push(report);
    } catch {
      // torn line
    }
  }
  return reports;
}
