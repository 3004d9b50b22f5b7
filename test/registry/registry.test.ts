import { describe, expect, it } from "vitest";
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/definition";
import { runExperiments } from "../../lib/experiments/running/runner";
import { readRegistryIndex } from "../../lib/registry/index-file";
import { scoreFrame } from "../../lib/registry/model-file";
import { activateVersion, listVersions, loadModel, readHistory, readVersionMetadata, selectModel } from "../../lib/registry/registry";
import { registryWorkspace, TWO_SPECS } from "../helpers/registry-workspace";

const specs: ExperimentSpec[] = [
  ...TWO_SPECS,
  // L1 this strong zeroes every coefficient on 70 orders: a model that ranks nobody.
  makeLogisticSpec({ encoding: "frequency", penalty: "l1", C: 1e-8, l1Ratio: null, classWeight: "none", features: null }),
];
const [A, B, ZERO] = specs.map((s) => s.id);
const fixture = registryWorkspace("pushlab-registry-", (ws, data) => runExperiments({ resultsDir: ws.resultsDir, data, specs, workers: 0 }));

/** The registry is valid: the index parses, names an existing complete version that loads and scores. */
function expectValidRegistry(): void {
  const index = readRegistryIndex(fixture.ws.registryDir);
  if (index.active === null) return;
  expect(index.versions.map((v) => v.version)).toContain(index.active);
  const model = loadModel(fixture.ws.registryDir);
  expect(model.version).toBe(index.active);
  const scores = scoreFrame(model, fixture.data.frame, fixture.data.split.rows.test.subarray(0, 50));
  expect(scores.every((p) => p > 0 && p < 1)).toBe(true);
  for (const v of index.versions) {
    expect(fs.existsSync(path.join(fixture.ws.registryDir, v.version, "model.json"))).toBe(true);
    expect(readVersionMetadata(fixture.ws.registryDir, v.version).version).toBe(v.version);
  }
  expect(fs.readdirSync(fixture.ws.registryDir).filter((n) => n.startsWith("v_") && !index.versions.some((v) => v.version === n)).length).toBeLessThanOrEqual(1);
}

describe("selectModel", () => {
  it("evaluates on test, writes a complete version, makes it active and records history", async () => {
    fixture.freshRegistry();
    const entry = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test", note: "first" });
    expect(entry.version).toMatch(/^v_\d{8}_\d{6}(_\d+)?$/);
    expect(entry.test.averagePrecision).toBeGreaterThan(0);
    const index = listVersions(fixture.ws.registryDir);
    expect(index.active).toBe(entry.version);
    expect(fs.readlinkSync(path.join(fixture.ws.registryDir, "active"))).toBe(entry.version);
    const metadata = readVersionMetadata(fixture.ws.registryDir, entry.version);
    expect(metadata).toMatchObject({ experimentId: A, note: "first", fittedOn: "train", thresholdSource: "best-f0.3", actor: "test" });
    expect(metadata.test.rows).toBe(fixture.data.split.rows.test.length);
    expect(readHistory(fixture.ws.registryDir)).toEqual([expect.objectContaining({ action: "select", version: entry.version, experimentId: A, reason: "first", previous: null })]);
    expectValidRegistry();
  });

  it("refits on train + validation when asked and says so", async () => {
    // A stated threshold is accepted only at the first use of the test days (test-ledger.test.ts).
    fixture.freshRegistry();
    const entry = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test", refit: true, threshold: 0.2 });
    const metadata = readVersionMetadata(fixture.ws.registryDir, entry.version);
    expect(metadata.fittedOn).toBe("train+validation");
    expect(metadata.thresholdSource).toBe("explicit");
    const plain = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "test" });
    expect(loadModel(fixture.ws.registryDir, entry.version).coef).not.toEqual(loadModel(fixture.ws.registryDir, plain.version).coef);
  });

  it("rejects unknown, path-like and baseline ids without writing", async () => {
    const before = JSON.stringify(listVersions(fixture.ws.registryDir));
    await expect(selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: "../../etc/passwd", actor: "t" })).rejects.toThrow(/unknown experiment id/);
    await expect(selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: "nope", actor: "t" })).rejects.toThrow(/unknown experiment id/);
    expect(JSON.stringify(listVersions(fixture.ws.registryDir))).toBe(before);
  });
});

describe("a model whose coefficients are all zero", () => {
  it("is refused by selectModel and by `pushlab select`, with nothing written", async () => {
    const result = JSON.parse(fs.readFileSync(path.join(fixture.ws.resultsDir, `${ZERO}.json`), "utf8"));
    expect(result.model.coef.length).toBeGreaterThan(0);
    expect(result.model.coef.every((c: number) => c === 0)).toBe(true);
    const before = JSON.stringify(listVersions(fixture.ws.registryDir));
    const historyBefore = readHistory(fixture.ws.registryDir).length;
    await expect(selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: ZERO, actor: "t" })).rejects.toThrow(/ranks nobody/);
    const cli = spawnSync(process.execPath, ["bin/pushlab.mjs", "select", ZERO], { env: fixture.env, encoding: "utf8" });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr.trim().split("\n")).toHaveLength(1);
    expect(cli.stderr).toContain("ranks nobody");
    expect(JSON.stringify(listVersions(fixture.ws.registryDir))).toBe(before);
    expect(readHistory(fixture.ws.registryDir)).toHaveLength(historyBefore);
  });
});

describe("activateVersion", () => {
  it("rolls back to an older version and records it", async () => {
    fixture.freshRegistry();
    const first = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "t" });
    const second = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: B, actor: "t" });
    expect(listVersions(fixture.ws.registryDir).active).toBe(second.version);
    await activateVersion(fixture.ws.registryDir, first.version, "t", "worse on test");
    expect(listVersions(fixture.ws.registryDir).active).toBe(first.version);
    expect(loadModel(fixture.ws.registryDir).experimentId).toBe(A);
    expect(readHistory(fixture.ws.registryDir).map((e) => e.action)).toEqual(["select", "select", "rollback"]);
    await expect(activateVersion(fixture.ws.registryDir, "v_20000101_000000", "t", null)).rejects.toThrow(/no version/);
    await expect(activateVersion(fixture.ws.registryDir, "../x", "t", null)).rejects.toThrow(/not a registry version/);
    expectValidRegistry();
  });
});

describe("concurrency", () => {
  it("parallel selections in-process and from CLI processes each produce one complete version", async () => {
    fixture.freshRegistry();
    const inProcess = Array.from({ length: 6 }, (_, k) => selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: k % 2 ? A : B, actor: `p${k}` }));
    const cli = Array.from(
      { length: 3 },
      () =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, ["bin/pushlab.mjs", "select", A, "--note", "cli"], { env: fixture.env, stdio: "ignore" });
          child.on("exit", (code) => resolve(code ?? 1));
        }),
    );
    const entries = await Promise.all(inProcess);
    expect(await Promise.all(cli)).toEqual([0, 0, 0]);
    const index = listVersions(fixture.ws.registryDir);
    expect(index.versions).toHaveLength(9);
    expect(new Set(index.versions.map((v) => v.version)).size).toBe(9);
    for (const e of entries) expect(index.versions.map((v) => v.version)).toContain(e.version);
    expect(readHistory(fixture.ws.registryDir)).toHaveLength(9);
    expectValidRegistry();
  });
});

describe("crash consistency", () => {
  for (const step of ["version-written", "version-visible", "index-written", "history-written"]) {
    it(`a writer killed at '${step}' leaves the previous or the new version active and loadable`, async () => {
      fixture.freshRegistry();
      const first = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "t" });
      const child = spawnSync(process.execPath, ["--import", "tsx", "test/helpers/select-and-die.ts", B, step], { env: fixture.env, encoding: "utf8" });
      expect(child.signal).toBe("SIGKILL");
      const index = readRegistryIndex(fixture.ws.registryDir);
      expect([first.version, ...index.versions.map((v) => v.version)]).toContain(index.active);
      if (step === "version-written" || step === "version-visible") expect(index.active).toBe(first.version);
      else expect(loadModel(fixture.ws.registryDir).experimentId).toBe(B);
      expectValidRegistry();
      // The next writer cleans up and works (the stale lock of the killed process is taken over).
      const next = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: A, actor: "t" });
      expect(listVersions(fixture.ws.registryDir).active).toBe(next.version);
      expect(fs.readdirSync(fixture.ws.registryDir).filter((n) => n.startsWith(".tmp-"))).toEqual([]);
      expectValidRegistry();
    });
  }
});
