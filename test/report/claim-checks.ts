import { expect } from "vitest";
import type { Finding } from "../../lib/report/findings";

/**
 * What every finding must satisfy, whatever the data: no sentence states a difference its verdict
 * denies, every "real" comparison's interval excludes 0 on the side of its direction, and the plain
 * sentence carries no jargon.
 */
const COMPARATIVE = /\b(better|worse|beats?|real (gain|loss)|matters|improves?|hurts?|helps|loses)\b/i;
const JARGON = /\bAP\b|C = |log-loss|out-of-fold|F0\.3|ROC|AUC|\binterval\b|bootstrap|\blr-/;

function count(text: string, pattern: RegExp): number {
  return (text.match(new RegExp(pattern.source, "g")) ?? []).length;
}

export function checkFinding(f: Finding): void {
  const where = `${f.id}: ${f.title}`;
  for (const e of f.evidence) {
    if (e.verdict === "better") expect(e.low!, where).toBeGreaterThan(0);
    else if (e.verdict === "worse") expect(e.high!, where).toBeLessThan(0);
    else if (e.verdict === "not distinguishable") {
      expect(e.low!, where).toBeLessThanOrEqual(0);
      expect(e.high!, where).toBeGreaterThanOrEqual(0);
    } else {
      expect(e.low, where).toBeNull();
      expect(e.high, where).toBeNull();
    }
    if (e.low !== null) expect(e.low, where).toBeLessThanOrEqual(e.estimate + 1e-12);
    if (e.high !== null) expect(e.high, where).toBeGreaterThanOrEqual(e.estimate - 1e-12);
  }
  const better = f.evidence.filter((e) => e.verdict === "better").length;
  const worse = f.evidence.filter((e) => e.verdict === "worse").length;
  const real = better + worse;
  expect(f.verdict, where).toBe(real > 0 ? "real" : f.evidence.length > 0 && f.evidence.every((e) => e.low !== null) ? "not distinguishable" : "context");
  // The technical text says "a real gain" / "a real loss" exactly once per such comparison.
  expect(count(f.text, /a real gain/), where).toBe(better);
  expect(count(f.text, /a real loss/), where).toBe(worse);
  if (better === 0) for (const sentence of [f.title, f.text, f.plain]) expect(sentence, where).not.toMatch(/\bbetter\b|real gain|\bhelps\b/);
  if (worse === 0) for (const sentence of [f.title, f.text, f.plain]) expect(sentence, where).not.toMatch(/\bworse\b|real loss/);
  if (real === 0) {
    for (const sentence of [f.title, f.text, f.plain]) expect(sentence, where).not.toMatch(COMPARATIVE);
  }
  expect(f.plain, where).not.toMatch(JARGON);
  expect(f.borderline, where).toBe(f.evidence.some((e) => e.borderline));
}
