import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { makeLogisticSpec } from "../../lib/experiments/definitions/definition";
import { requireResult } from "../../lib/experiments/results/results-store";
import { runExperiments } from "../../lib/experiments/running/runner";
import { keepOperatingThreshold } from "../../lib/experiments/results/operating-thresholds";
import { activateVersion, listVersions, readVersionMetadata, selectModel } from "../../lib/registry/registry";
import { ledgerFile, readTestLooks, recordTestView, testDaysStatement, testLooks } from "../../lib/registry/test-ledger";
import { registryWorkspace, TWO_SPECS } from "../helpers/registry-workspace";

const [A, B] = TWO_SPECS.map((s) => s.id);
// Fitted with a 3-iteration cap: the experiment does not converge, and neither can its refit.
const capped = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 10, l1Ratio: null, classWeight: "none", features: null });
const fixture = registryWorkspace("pushlab-ledger-", async (ws, data) => {
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [...TWO_SPECS], workers: 0 });
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [capped], workers: 0, maxIter: 3 });
});

function use() {
  return testLooks(fixture.ws.registryDir, fixture.data.frame.source.fingerprint, listVersions(fixture.ws.registryDir).active);
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["bin/pushlab.mjs", ...args], { env: fixture.env, encoding: "utf8" });
}

/** Everything in the registry folder, by name and content, to prove a refused selection wrote nothing. */
function registrySnapshot(): string {
  if (!fs.existsSync(fixture.ws.registryDir)) return "";
  return fs
    .readdirSync(fixture.ws.registryDir)
    .filter((n) => n !== ".lock")
    .sort()
    .map((n) => {
      const p = path.join(fixture.ws.registryDir, n);
      return `${n}:${fs.lstatSync(p).isFile() ? fs.readFileSync(p, "utf8") : ""}`;
    })
    .join("\n");
}


describe("the ledger of test looks", () => {
  it("records every selection; the second warns on stderr and the statement says 2 looks", () => {
    fixture.freshRegistry();
    const first = cli("select", A);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/warning/);
    expect(first.stdout).toMatch(/test look 1/);
    expect(first.stdout).toMatch(/The test days were used once \(1 look\), to confirm this model/);
    const once = use();
    expect(once).toMatchObject({ looks: 1, activeLook: 1, activeChosenBeforeTestDays: true });

    const second = cli("select", B);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/^pushlab: warning: the test days of this data have now been used twice \(look 2; the first, confirmatory one was .*cli:/m);
    const twice = use();
    expect(twice).toMatchObject({ looks: 2, activeLook: 2, activeChosenBeforeTestDays: false, experiments: 2 });
    expect(testDaysStatement(twice)).toMatch(/used twice \(2 looks\).*selected at look 2.*not chosen before them/);
    expect(second.stdout).toContain(testDaysStatement(twice));

    const looks = readTestLooks(fixture.ws.registryDir);
    expect(looks.map((l) => [l.kind, l.experimentId, l.look])).toEqual([["select", A, 1], ["select", B, 2]]);
    for (const l of looks) {
      expect(l.actor).toMatch(/^cli:/);
      expect(l.dataFingerprint).toBe(fixture.data.frame.source.fingerprint);
      expect(l.thresholdSource).toBe("best-f0.3");
      expect(l.threshold).toBe(requireResult(fixture.ws.resultsDir, l.experimentId).validation.bestThreshold);
      expect(Date.parse(l.time)).not.toBeNaN();
    }
    expect(readVersionMetadata(fixture.ws.registryDir, listVersions(fixture.ws.registryDir).active!).testLook).toBe(2);
  }, 60_000);

  it("says a model made active again after later looks was not chosen before them", async () => {
    const first = listVersions(fixture.ws.registryDir).versions[0];
    await activateVersion(fixture.ws.registryDir, first.version, "test", "back");
    const after = use();
    expect(after).toMatchObject({ looks: 2, activeLook: 1, activeChosenBeforeTestDays: false });
    expect(testDaysStatement(after)).toMatch(/came from the first look .* made active again after later looks/);
  });

  it("accepts a stated threshold only before the test days are first used, and then writes nothing", async () => {
    fixture.freshRegistry();
    const entry = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test", threshold: 0.25 });
    expect(readTestLooks(fixture.ws.registryDir)[0]).toMatchObject({ thresholdSource: "explicit", threshold: 0.25, look: 1 });
    expect(entry.threshold).toBe(0.25);
    const before = registrySnapshot();
    await expect(selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test", threshold: 0.3 })).rejects.toThrow(
      /a threshold can only be stated before the test days are first used, and they have been used once .*nothing was written/,
    );
    expect(registrySnapshot()).toBe(before);
    const refused = cli("select", B, "--threshold", "0.4");
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/^pushlab: a threshold can only be stated before/);
    expect(registrySnapshot()).toBe(before);
    // A threshold kept on the experiment page after the first look could come from test figures: it is set
    // aside and the held-out rule (best F0.3 on validation) chooses; the version says which rule and why.
    const late = await keepOperatingThreshold(fixture.ws.resultsDir, B, 0.2, "test");
    const ruled = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: B, actor: "test" });
    const best = requireResult(fixture.ws.resultsDir, B).validation.bestThreshold;
    expect(ruled.threshold).toBe(best);
    expect(readTestLooks(fixture.ws.registryDir)[1]).toMatchObject({ thresholdSource: "best-f0.3", threshold: best, look: 2 });
    const metadata = readVersionMetadata(fixture.ws.registryDir, ruled.version);
    expect(metadata).toMatchObject({ thresholdSource: "best-f0.3", keptThresholdSetAside: { threshold: 0.2, keptAt: late.keptAt } });
    expect(metadata.thresholdRule).toMatch(/^Threshold [\d.]+ was chosen by the held-out rule: the best F0\.3 on the validation days, from the train-only fit; the test days played no part\. The threshold 0\.200 kept on the experiment page .* after the test days were first used, was set aside/);
    const cliRuled = cli("select", B);
    expect(cliRuled.status, cliRuled.stderr).toBe(0);
    expect(cliRuled.stderr).toMatch(/^pushlab: warning: the threshold 0\.200 kept on the experiment page after the test days were first used was set aside; the held-out rule chose/m);
    expect(cliRuled.stdout).toMatch(/held-out rule \(best F0\.3 on validation\)/);
    fs.rmSync(path.join(fixture.ws.resultsDir, "_operating-thresholds.json"));
  });

  it("accepts a threshold kept on the experiment page before the test days were first used, on every later selection too", async () => {
    fixture.freshRegistry();
    const kept = await keepOperatingThreshold(fixture.ws.resultsDir, A, 0.15, "test");
    const first = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test" });
    const again = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test", refit: true });
    for (const [entry, look] of [[first, 1], [again, 2]] as const) {
      expect(entry.threshold).toBe(0.15);
      const metadata = readVersionMetadata(fixture.ws.registryDir, entry.version);
      expect(metadata).toMatchObject({ thresholdSource: "kept", keptThresholdSetAside: null, testLook: look });
      expect(metadata.thresholdRule).toMatch(/^Threshold 0\.150 was chosen by hand on the experiment page's validation figures \(kept .* UTC\), before the test days were first used\./);
    }
    expect(readVersionMetadata(fixture.ws.registryDir, again.version).thresholdRule).toMatch(/The refit keeps it as the train-only fit's; it is not re-derived on the refit's in-sample validation figures\.$/);
    expect(readTestLooks(fixture.ws.registryDir).map((l) => [l.thresholdSource, l.thresholdFixedAt])).toEqual([["kept", kept.keptAt], ["kept", kept.keptAt]]);
    fs.rmSync(path.join(fixture.ws.resultsDir, "_operating-thresholds.json"));
  });

  it("counts looks per data file", async () => {
    fixture.freshRegistry();
    await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test" });
    expect(testLooks(fixture.ws.registryDir, "0123abcd", null)).toMatchObject({ looks: 0, first: null, activeChosenBeforeTestDays: null });
    expect(testDaysStatement(testLooks(fixture.ws.registryDir, "0123abcd", null))).toMatch(/have not been used/);
  });

  it("records page views once per page and version, apart from the looks", async () => {
    fixture.freshRegistry();
    const entry = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test" });
    const view = { page: "/", actor: "web:local", version: entry.version, experimentId: A, threshold: entry.threshold, refit: false, dataFingerprint: fixture.data.frame.source.fingerprint };
    await recordTestView(fixture.ws.registryDir, view);
    await recordTestView(fixture.ws.registryDir, view);
    await recordTestView(fixture.ws.registryDir, { ...view, page: "/registry" });
    expect(use()).toMatchObject({ looks: 1, views: 2, activeChosenBeforeTestDays: true });
    expect(readTestLooks(fixture.ws.registryDir).filter((l) => l.kind === "view").map((l) => l.page)).toEqual(["/", "/registry"]);
  });

  it("skips a line torn by a crash and keeps appending on a fresh line", async () => {
    fixture.freshRegistry();
    await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test" });
    fs.appendFileSync(ledgerFile(fixture.ws.registryDir), '{"format":"pushlab-test-look-v1","kind":"sel');
    await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: B, actor: "test" });
    expect(readTestLooks(fixture.ws.registryDir).map((l) => l.look)).toEqual([1, 2]);
    const lines = fs.readFileSync(ledgerFile(fixture.ws.registryDir), "utf8").split("\n");
    expect(lines).toHaveLength(4); // look 1, the torn line, look 2, the final newline
  });

  it("gives the test figures 95% order-bootstrap intervals at the fixed threshold", async () => {
    fixture.freshRegistry();
    const entry = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test" });
    const metadata = readVersionMetadata(fixture.ws.registryDir, entry.version);
    for (const metric of ["averagePrecision", "rocAuc", "precision", "recall", "f03"] as const) {
      const iv = metadata.testIntervals[metric];
      expect(iv.estimate, metric).toBeCloseTo(metadata.test[metric], 12);
      expect(iv.replicates).toBe(2000);
      expect(iv.low, metric).toBeLessThanOrEqual(iv.estimate);
      expect(iv.high, metric).toBeGreaterThanOrEqual(iv.estimate);
      expect(iv.high - iv.low, metric).toBeGreaterThan(0);
    }
  });
});

describe("refit", () => {
  it("labels the refit's validation figures in-sample and keeps the train-only fit's held-out ones and threshold beside them", async () => {
    fixture.freshRegistry();
    const plain = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test" });
    const refit = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test", refit: true });
    const p = readVersionMetadata(fixture.ws.registryDir, plain.version);
    const r = readVersionMetadata(fixture.ws.registryDir, refit.version);
    expect(p).toMatchObject({ validationInSample: false, thresholdBasis: "validation", refitFit: null });
    expect(p.heldOutValidation).toEqual(p.validation);
    expect(r).toMatchObject({ validationInSample: true, fittedOn: "train+validation", thresholdBasis: "validation, train-only fit", threshold: p.threshold });
    // The held-out figures are the train-only fit's, unchanged by the refit; the in-sample ones are not.
    expect(r.heldOutValidation).toEqual(p.validation);
    expect(r.validation.averagePrecision).not.toBe(p.validation.averagePrecision);
    // The index lists the held-out figures.
    expect(refit.validation.averagePrecision).toBe(p.validation.averagePrecision);
    const result = requireResult(fixture.ws.resultsDir, A);
    expect(r.refitFit).toMatchObject({ tol: result.fit!.tol, maxIter: result.fit!.maxIter, converged: true });
  });

  it("uses the experiment's tol and maxIter and refuses a refit that does not converge, writing nothing", async () => {
    const result = requireResult(fixture.ws.resultsDir, capped.id);
    expect(result.fit).toMatchObject({ maxIter: 3, converged: false });
    const before = registrySnapshot();
    await expect(selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: capped.id, actor: "test", refit: true })).rejects.toThrow(
      /^the refit of '.*' on train \+ validation did not converge \(3 iterations, .*maxIter 3\); nothing was written/,
    );
    expect(registrySnapshot()).toBe(before);
    const child = cli("select", capped.id, "--refit");
    expect(child.status).toBe(1);
    expect(child.stderr.trim().split("\n")).toHaveLength(1);
    expect(child.stderr).toMatch(/^pushlab: the refit of .* did not converge/);
    expect(registrySnapshot()).toBe(before);
  }, 60_000);

  it("prints the refit's in-sample and held-out validation figures apart", () => {
    const child = cli("select", A, "--refit");
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toMatch(/validation \(in-sample after the refit\): AP [\d.]+, F0\.3 [\d.]+; held out \(train-only fit\): AP [\d.]+, F0\.3 [\d.]+; threshold from the train-only fit/);
  }, 60_000);
});
