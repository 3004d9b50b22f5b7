import type { KeptThreshold } from "../experiments/results/operating-thresholds";
import type { TestLook, ThresholdSource } from "./test-ledger";

/**
 * Which rule chose a selection's operating threshold. The threshold is always fixed on the validation
 * days, never on the test days:
 * - "best-f0.3", the held-out rule: the threshold with the best F0.3 on the validation days, from the
 *   train-only fit (the experiment's stored result);
 * - "kept": chosen by hand on the experiment page (its figures are validation ones), accepted only when
 *   it was kept before the test days of this data were first used;
 * - "explicit": stated at selection, accepted only before the first use of the test days.
 * Once test figures have been seen, a hand choice could come from them, so a threshold kept after the
 * first look is set aside and the held-out rule chooses instead (the refusal of a stated one is in
 * selectModel).
 */

export interface ThresholdChoice {
  threshold: number;
  source: ThresholdSource;
  /** When that threshold was fixed: stated now, kept on the page, or the result's run. */
  fixedAt: string;
  /** A threshold kept on the experiment page after the first test look, which the rule replaced. */
  setAside: { threshold: number; keptAt: string } | null;
}

export function chooseThreshold(options: {
  stated: number | undefined;
  statedAt: string;
  kept: KeptThreshold | null | undefined;
  bestThreshold: number;
  resultCreatedAt: string;
  /** The first selection on these test days (null before any). */
  firstLook: TestLook | null;
}): ThresholdChoice {
  const { stated, kept, firstLook } = options;
  if (stated !== undefined) return { threshold: stated, source: "explicit", fixedAt: options.statedAt, setAside: null };
  const keptBeforeLooks = !!kept && (firstLook === null || Date.parse(kept.keptAt) < Date.parse(firstLook.time));
  if (kept && keptBeforeLooks) return { threshold: kept.threshold, source: "kept", fixedAt: kept.keptAt, setAside: null };
  return {
    threshold: options.bestThreshold,
    source: "best-f0.3",
    fixedAt: options.resultCreatedAt,
    setAside: kept ? { threshold: kept.threshold, keptAt: kept.keptAt } : null,
  };
}

const when = (iso: string) => iso.slice(0, 19).replace("T", " ");

/** The sentence that says which rule chose the threshold (stored with the version, shown by the CLI, the page and the report). */
export function thresholdRuleSentence(choice: Pick<ThresholdChoice, "threshold" | "source" | "fixedAt" | "setAside">, refit: boolean): string {
  const t = choice.threshold.toPrecision(3);
  const base =
    choice.source === "best-f0.3"
      ? `Threshold ${t} was chosen by the held-out rule: the best F0.3 on the validation days, from the train-only fit; the test days played no part.`
      : choice.source === "kept"
        ? `Threshold ${t} was chosen by hand on the experiment page's validation figures (kept ${when(choice.fixedAt)} UTC), before the test days were first used.`
        : `Threshold ${t} was stated at selection (${when(choice.fixedAt)} UTC), before the test days were first used.`;
  const setAside = choice.setAside
    ? ` The threshold ${choice.setAside.threshold.toPrecision(3)} kept on the experiment page at ${when(choice.setAside.keptAt)} UTC, after the test days were first used, was set aside: a choice made once test figures had been seen could come from them.`
    : "";
  const refitText = refit ? " The refit keeps it as the train-only fit's; it is not re-derived on the refit's in-sample validation figures." : "";
  return base + setAside + refitText;
}

/** A short label for tables: which rule chose it. */
export function thresholdRuleLabel(source: ThresholdSource): string {
  return source === "best-f0.3" ? "held-out rule (best F0.3 on validation)" : source === "kept" ? "kept on the experiment page before the test days were used" : "stated before the test days were used";
}
