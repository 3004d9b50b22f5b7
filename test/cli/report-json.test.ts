import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/definition";
import { runExperiments } from "../../lib/experiments/running/runner";
import { listVersions } from "../../lib/registry/registry";
import { testDaysStatement, testLooks } from "../../lib/registry/test-ledger";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";

/**
 * `pushlab report --json FILE`'s `test` field: the ledger's account of the test days, written by the
 * CLI from the registry on disk. Checked against the ledger itself before any selection, after the
 * confirmatory one and after a second one.
 */

const home = tempDir("pushlab-report-json-");
const env = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "70", PUSHLAB_SYNTHETIC_SEED: "23" };
const specs: ExperimentSpec[] = [
  { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" },
  makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
  makeLogisticSpec({ encoding: "frequency", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
];
const [, A, B] = specs.map((s) => s.id);
let ws: Workspace;
let fingerprint: string;

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["bin/pushlab.mjs", ...args], { env, encoding: "utf8" });
}

interface ReportJson {
  findings: { id: string; verdict: string; evidence: unknown[] }[];
  family: { comparisons: number; method: string; level: number };
  test: {
    dataFingerprint: string;
    looks: number;
    views: number;
    first: { experimentId: string; look: number } | null;
    activeVersion: string | null;
    activeLook: number | null;
    activeChosenBeforeTestDays: boolean | null;
    selections: { experimentId: string; look: number; version: string }[];
    sentence: string;
  } | null;
}

function reportJson(name: string): ReportJson {
  const file = path.join(home, `${name}.json`);
  const child = cli("report", "--json", file);
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(fs.readFileSync(file, "utf8")) as ReportJson;
}

beforeAll(async () => {
  ws = resolveWorkspace(env);
  const data = await loadWorkspaceData(ws);
  fingerprint = data.frame.source.fingerprint;
  await runExperiments({ resultsDir: ws.resultsDir, data, specs, workers: 0 });
}, 120_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("pushlab report --json: the test field", () => {
  it("says the test days were not used before any selection", () => {
    const json = reportJson("before");
    expect(json.test).not.toBeNull();
    expect(json.test).toMatchObject({ dataFingerprint: fingerprint, looks: 0, first: null, activeVersion: null, activeChosenBeforeTestDays: null, selections: [] });
    expect(json.test!.sentence).toBe("The test days have not been used: no model has been selected on this data.");
    expect(json.family.method).toBe("bootstrap max-t band");
  }, 120_000);

  it("counts the confirmatory look and then a second one, as the ledger does", () => {
    expect(cli("select", A).status).toBe(0);
    const once = reportJson("once");
    const active1 = listVersions(ws.registryDir).active;
    expect(once.test).toMatchObject({ looks: 1, activeVersion: active1, activeLook: 1, activeChosenBeforeTestDays: true, first: { experimentId: A, look: 1 } });
    expect(once.test!.selections.map((s) => [s.experimentId, s.look, s.version])).toEqual([[A, 1, active1]]);
    expect(once.test!.sentence).toBe(testDaysStatement(testLooks(ws.registryDir, fingerprint, active1)));
    expect(once.test!.sentence).toMatch(/used once \(1 look\), to confirm this model/);

    expect(cli("select", B).status).toBe(0);
    const twice = reportJson("twice");
    const active2 = listVersions(ws.registryDir).active;
    expect(active2).not.toBe(active1);
    expect(twice.test).toMatchObject({ looks: 2, activeVersion: active2, activeLook: 2, activeChosenBeforeTestDays: false, first: { experimentId: A, look: 1 } });
    expect(twice.test!.selections.map((s) => [s.experimentId, s.look])).toEqual([[A, 1], [B, 2]]);
    expect(twice.test!.sentence).toBe(testDaysStatement(testLooks(ws.registryDir, fingerprint, active2)));
    expect(twice.test!.sentence).toMatch(/used twice \(2 looks\).*not chosen before them/);
  }, 180_000);
});
