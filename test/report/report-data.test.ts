import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { getDatasetSummary } from "../../lib/data/workspace-data";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/definition";
import { currentResult, reportResults } from "../../lib/experiments/results/current-results";
import { experimentIntervals } from "../../lib/experiments/results/result-intervals";
import { runExperiments } from "../../lib/experiments/running/runner";
import { activateVersion, selectModel } from "../../lib/registry/registry";
import { loadReportData } from "../../lib/report/report-data";
import { reportClaims } from "../../lib/report/report-claims";
import { resolveWorkspace } from "../../lib/workspace";
import { registryWorkspace } from "../helpers/registry-workspace";

const lr = (encoding: "none" | "frequency") => makeLogisticSpec({ encoding, penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
const specs: ExperimentSpec[] = [{ kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" }, lr("none"), lr("frequency")];
const fixture = registryWorkspace("pushlab-report-data-", (ws, data) => runExperiments({ resultsDir: ws.resultsDir, data, specs, workers: 0 }));

describe("loadReportData", () => {
  it("while the data is being prepared, neither loads nor generates it: no summary and no test-days account", async () => {
    const ws = resolveWorkspace({ ...fixture.env, PUSHLAB_HOME: path.join(fixture.home, "preparing") });
    const report = await loadReportData(ws, { preparing: true, computeFamily: false });
    expect(report.summary).toBeNull();
    expect(report.testDays).toBeNull();
    expect(report.results).toEqual([]);
    expect(report.selected).toBeNull();
    expect(report.answer).toBeNull();
    expect(fs.existsSync(ws.dataFile)).toBe(false);
    // a data file present but not summarized yet: still no test-days account without its summary
    const unsummarized = resolveWorkspace({ ...fixture.env, PUSHLAB_HOME: path.join(fixture.home, "unsummarized"), PUSHLAB_DATA: fixture.ws.dataFile });
    const early = await loadReportData(unsummarized, { preparing: true, computeFamily: false });
    expect(early.summary).toBeNull();
    expect(early.testDays).toBeNull();
  });

  it("with computeFamily: false and no intervals computed yet (the first render), leaves them to a run behind the page", async () => {
    const report = await loadReportData(fixture.ws, { computeFamily: false });
    expect(report.family.computing).toBe(true);
    expect(report.findings).toEqual([]);
    expect(report.summary).not.toBeNull();
  });

  it("without a selected model: the summary, the report's results and claims, and no answer", async () => {
    const report = await loadReportData(fixture.ws);
    expect(report.summary).toEqual(await getDatasetSummary(fixture.ws));
    expect(report.results.map((r) => r.id).sort()).toEqual(reportResults(fixture.ws).map((r) => r.id).sort());
    const claims = reportClaims(fixture.ws, reportResults(fixture.ws));
    expect(report.findings).toEqual(claims.findings);
    expect(report.family).toEqual({ ...claims.family, seconds: expect.any(Number), fromCache: expect.any(Boolean) });
    expect(report.testDays).toEqual(claims.test);
    expect(report.selected).toBeNull();
    expect(report.answer).toBeNull();
    expect(Number.isNaN(Date.parse(report.generatedAt))).toBe(false);
  });

  it("with a selected model: the selected model's report and the answer, which follow the active version", async () => {
    const [none, frequency] = [specs[1].id, specs[2].id];
    const first = await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: none, actor: "test" });
    await selectModel(fixture.ws.registryDir, fixture.ws.resultsDir, fixture.data, { experimentId: frequency, actor: "test" });
    let report = await loadReportData(fixture.ws);
    expect(report.selected!.version.experimentId).toBe(frequency);
    expect(report.selected!.rocAucInterval).toEqual(experimentIntervals(fixture.ws, currentResult(fixture.ws, frequency)!)!.rocAuc);
    expect(report.answer).toMatchObject({ experimentId: frequency, version: report.selected!.version.version });
    expect(report.answer!.certaintyDetail).toContain(`${report.family.comparisons} comparisons`);

    await activateVersion(fixture.ws.registryDir, first.version, "test", null);
    report = await loadReportData(fixture.ws);
    expect(report.selected!.version.version).toBe(first.version);
    expect(report.answer!.experimentId).toBe(none);
  });
});
