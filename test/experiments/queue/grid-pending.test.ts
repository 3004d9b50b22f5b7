import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { getDatasetSummary } from "../../../lib/data/workspace-data";
import { makeLogisticSpec, type ExperimentSpec } from "../../../lib/experiments/definitions/definition";
import { hasPendingWork, pendingGridWork } from "../../../lib/experiments/queue/grid-pending";
import { runExperiments } from "../../../lib/experiments/running/runner";
import { resolveWorkspace } from "../../../lib/workspace";
import { registryWorkspace } from "../../helpers/registry-workspace";

const RUN: ExperimentSpec = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
const NOT_RUN: ExperimentSpec = { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" };
/** Fitted with other stopping settings than `pushlab serve` uses: its result is not current for the grid. */
const LOOSE: ExperimentSpec = makeLogisticSpec({ encoding: "frequency", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
const fixture = registryWorkspace("pushlab-grid-pending-", async (ws, data) => {
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [RUN], workers: 0 });
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: [LOOSE], workers: 0, maxIter: 60, tol: 1e-3 });
});

describe("pendingGridWork", () => {
  it("with no data file: the file, its summary and every experiment are pending", () => {
    const ws = resolveWorkspace({ ...fixture.env, PUSHLAB_HOME: path.join(fixture.home, "empty") });
    const work = pendingGridWork({ ...ws, resultsDir: fixture.ws.resultsDir }, [RUN, NOT_RUN]);
    expect(work).toEqual({ data: true, summary: true, experiments: [RUN.id, NOT_RUN.id] }); // RUN's result is of no file
    expect(hasPendingWork(work)).toBe(true);
  });

  it("names the experiments without a current result, and the summary until it is computed", async () => {
    expect(pendingGridWork(fixture.ws, [RUN, LOOSE, NOT_RUN])).toEqual({ data: false, summary: true, experiments: [LOOSE.id, NOT_RUN.id] });
    await getDatasetSummary(fixture.ws);
    const work = pendingGridWork(fixture.ws, [NOT_RUN, RUN, LOOSE]);
    expect(work).toEqual({ data: false, summary: false, experiments: [NOT_RUN.id, LOOSE.id] }); // in the order asked
    expect(hasPendingWork(work)).toBe(true);
    const done = pendingGridWork(fixture.ws, [RUN]);
    expect(done).toEqual({ data: false, summary: false, experiments: [] });
    expect(hasPendingWork(done)).toBe(false);
  });

  it("a changed data file makes its results and summary stale", () => {
    fs.appendFileSync(fixture.ws.dataFile, fs.readFileSync(fixture.ws.dataFile, "utf8").split("\n").filter(Boolean).at(-1)! + "\n");
    expect(pendingGridWork(fixture.ws, [RUN])).toEqual({ data: false, summary: true, experiments: [RUN.id] });
  });
});
