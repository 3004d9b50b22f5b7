import { describe, expect, it } from "vitest";
import { chooseThreshold, thresholdRuleLabel, thresholdRuleSentence } from "../../lib/registry/threshold-rule";
import type { TestLook } from "../../lib/registry/test-ledger";

const firstLook = { time: "2026-03-02T10:00:00.000Z" } as TestLook;
const base = { stated: undefined, statedAt: "2026-03-05T09:00:00.000Z", bestThreshold: 0.0312, resultCreatedAt: "2026-03-01T08:00:00.000Z" };
const keptBefore = { threshold: 0.2, keptAt: "2026-03-02T09:59:59.000Z" } as never;
const keptAfter = { threshold: 0.2, keptAt: "2026-03-02T10:00:01.000Z" } as never;

describe("chooseThreshold", () => {
  it("takes a stated threshold as it is", () => {
    expect(chooseThreshold({ ...base, stated: 0.4, kept: keptBefore, firstLook })).toEqual({ threshold: 0.4, source: "explicit", fixedAt: base.statedAt, setAside: null });
  });

  it("takes a threshold kept before the first look at the test days, or kept when there was none", () => {
    expect(chooseThreshold({ ...base, kept: keptBefore, firstLook })).toEqual({ threshold: 0.2, source: "kept", fixedAt: "2026-03-02T09:59:59.000Z", setAside: null });
    expect(chooseThreshold({ ...base, kept: keptAfter, firstLook: null })).toMatchObject({ threshold: 0.2, source: "kept" });
  });

  it("sets aside a threshold kept after the first look; the held-out rule chooses", () => {
    expect(chooseThreshold({ ...base, kept: keptAfter, firstLook })).toEqual({
      threshold: 0.0312,
      source: "best-f0.3",
      fixedAt: base.resultCreatedAt,
      setAside: { threshold: 0.2, keptAt: "2026-03-02T10:00:01.000Z" },
    });
  });

  it("uses the held-out rule when nothing was stated or kept", () => {
    expect(chooseThreshold({ ...base, kept: null, firstLook })).toEqual({ threshold: 0.0312, source: "best-f0.3", fixedAt: base.resultCreatedAt, setAside: null });
  });
});

describe("thresholdRuleSentence", () => {
  it("says which rule chose the threshold, at three significant digits, with its time in UTC", () => {
    expect(thresholdRuleSentence({ threshold: 0.031234, source: "best-f0.3", fixedAt: "x", setAside: null }, false)).toBe(
      "Threshold 0.0312 was chosen by the held-out rule: the best F0.3 on the validation days, from the train-only fit; the test days played no part.",
    );
    expect(thresholdRuleSentence({ threshold: 0.2, source: "kept", fixedAt: "2026-03-02T09:59:59.000Z", setAside: null }, false)).toBe(
      "Threshold 0.200 was chosen by hand on the experiment page's validation figures (kept 2026-03-02 09:59:59 UTC), before the test days were first used.",
    );
    expect(thresholdRuleSentence({ threshold: 0.4, source: "explicit", fixedAt: "2026-03-05T09:00:00.000Z", setAside: null }, false)).toBe(
      "Threshold 0.400 was stated at selection (2026-03-05 09:00:00 UTC), before the test days were first used.",
    );
  });

  it("adds the threshold set aside and what a refit keeps", () => {
    const sentence = thresholdRuleSentence({ threshold: 0.0312, source: "best-f0.3", fixedAt: "x", setAside: { threshold: 0.2, keptAt: "2026-03-02T10:00:01.000Z" } }, true);
    expect(sentence).toContain(" The threshold 0.200 kept on the experiment page at 2026-03-02 10:00:01 UTC, after the test days were first used, was set aside");
    expect(sentence).toMatch(/ The refit keeps it as the train-only fit's; it is not re-derived on the refit's in-sample validation figures\.$/);
  });
});

describe("thresholdRuleLabel", () => {
  it("names each rule for a table", () => {
    expect(thresholdRuleLabel("best-f0.3")).toBe("held-out rule (best F0.3 on validation)");
    expect(thresholdRuleLabel("kept")).toBe("kept on the experiment page before the test days were used");
    expect(thresholdRuleLabel("explicit")).toBe("stated before the test days were used");
  });
});
