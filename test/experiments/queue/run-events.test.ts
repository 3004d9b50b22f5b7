import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { formatRunEvent, fromRunnerEvent, parseRunEvent, RUN_LINE_EVENT_TYPES, type RunLineEvent } from "../../../lib/experiments/queue/run-events";
import type { ExperimentResult } from "../../../lib/experiments/results/result";
import { tempDir } from "../../helpers/feature-frame-csv";
import { runCli } from "../../reliability/harness";

/** One or more events of every kind, with and without their optional fields. */
const SAMPLES: RunLineEvent[] = [
  { type: "plan", total: 70, current: 2, toRun: 68 },
  { type: "plan", total: 0, current: 0, toRun: 0 },
  { type: "stage", stage: "loading data" },
  { type: "stage", id: "lr-none-l2-C1e-2-unweighted", stage: "evaluating" },
  { type: "stage", stage: "a stage with \"quotes\", a\nnewline and ünïcode" },
  { type: "features", encoding: "onehot", experiments: 12 },
  { type: "features", encoding: "frequency", experiments: 16, built: true },
  { type: "progress", id: "lr-none-l2-C1e-2-unweighted", iteration: 7, loss: 0.4321 },
  { type: "progress", iteration: 3, loss: 1e-8 },
  { type: "done", id: "baseline-global_popularity", index: 1, total: 70 },
  { type: "failed", id: "lr-target-l1-C1-unweighted", message: "did not converge", index: 5, total: 70 },
  { type: "failed", message: "C must be > 0" },
  { type: "replicates", done: 1000, total: 3000 },
];

describe("run events (the JSON lines between a run's child process and the run queue)", () => {
  it("round-trips an event of every kind through one line", () => {
    expect(new Set(SAMPLES.map((e) => e.type))).toEqual(new Set(RUN_LINE_EVENT_TYPES));
    for (const event of SAMPLES) {
      const line = formatRunEvent(event);
      expect(line.endsWith("\n")).toBe(true);
      expect(line.slice(0, -1)).not.toContain("\n");
      expect(parseRunEvent(line.slice(0, -1))).toEqual(event);
    }
  });

  it("sends a loss that is not finite as null (JSON has no NaN), and the line still parses", () => {
    expect(parseRunEvent(formatRunEvent({ type: "progress", id: "x", iteration: 2, loss: Number.NaN }))).toEqual({ type: "progress", id: "x", iteration: 2, loss: null });
  });

  it("returns null for lines that are not events", () => {
    const lines = [
      "",
      "   ",
      "wrote 12 results",
      "pushlab: loading data 1.2 s",
      "123",
      "null",
      '"plan"',
      "[]",
      '[{"type":"plan","total":1,"current":0,"toRun":1}]',
      "{}",
      '{"type":"unknown","stage":"x"}',
      '{"type":"plan","total":3}',
      '{"type":"plan","total":1.5,"current":0,"toRun":1}',
      '{"type":"plan","total":-1,"current":0,"toRun":1}',
      '{"type":"stage"}',
      '{"type":"stage","stage":42}',
      '{"type":"features","encoding":"none"}',
      '{"type":"progress","iteration":"3","loss":0.5}',
      '{"type":"done","id":"a","index":1}',
      '{"type":"done","index":1,"total":2}',
      '{"type":"failed","id":"a"}',
      '{"type":"replicates","done":"10","total":3000}',
      '{"type":"stage","stage":"loading da',
      '{"type":"stage","stage":"x"} trailing',
    ];
    for (const line of lines) expect(parseRunEvent(line), line).toBeNull();
  });

  it("turns the runner's events into lines: counts for the plan's id lists, a done event without its result", () => {
    expect(fromRunnerEvent({ type: "plan", total: 3, toRun: ["a", "b"], current: ["c"] })).toEqual({ type: "plan", total: 3, current: 1, toRun: 2 });
    const result = { id: "a" } as unknown as ExperimentResult;
    const done = fromRunnerEvent({ type: "done", id: "a", result, index: 1, total: 2 });
    expect(done).toEqual({ type: "done", id: "a", index: 1, total: 2 });
    expect(formatRunEvent(done)).not.toContain("result");
    expect(fromRunnerEvent({ type: "failed", id: "b", message: "boom", index: 2, total: 2 })).toEqual({ type: "failed", id: "b", message: "boom", index: 2, total: 2 });
    expect(fromRunnerEvent({ type: "stage", id: "a", stage: "evaluating" })).toEqual({ type: "stage", id: "a", stage: "evaluating" });
    expect(fromRunnerEvent({ type: "progress", id: "a", iteration: 4, loss: 0.5 })).toEqual({ type: "progress", id: "a", iteration: 4, loss: 0.5 });
    expect(fromRunnerEvent({ type: "features", encoding: "frequency", experiments: 3 })).toEqual({ type: "features", encoding: "frequency", experiments: 3 });
    expect(fromRunnerEvent({ type: "features", encoding: "frequency", experiments: 3, built: true })).toEqual({ type: "features", encoding: "frequency", experiments: 3, built: true });
  });
});

function ofType<T extends RunLineEvent["type"]>(events: RunLineEvent[], type: T): Extract<RunLineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunLineEvent, { type: T }> => e.type === type);
}

const home = tempDir("pushlab-run-events-");
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("what the CLI's --json-events emitters write parses, whole", () => {
  const vars = { PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "60", PUSHLAB_SYNTHETIC_SEED: "5" };
  /** Every stdout line of a --json-events command, parsed; a line that is not an event, or loses a field, fails the test. */
  async function events(args: string[]): Promise<RunLineEvent[]> {
    const result = await runCli(args, vars);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(0);
    return lines.map((line) => {
      const event = parseRunEvent(line);
      expect(event, line).not.toBeNull();
      expect(event, line).toEqual(JSON.parse(line));
      return event!;
    });
  }

  it("pushlab run, pushlab report --family-cache and pushlab path on a generated 60-order workspace", async () => {
    const run = await events(["run", "--json-events", "--only", "lr-none-l2-C1e-*-unweighted"]);
    expect(new Set(run.map((e) => e.type))).toEqual(new Set(["stage", "plan", "features", "progress", "done"]));
    expect(run.find((e) => e.type === "plan")).toEqual({ type: "plan", total: 4, current: 0, toRun: 4 });
    expect(ofType(run, "done").map((e) => e.index)).toEqual([1, 2, 3, 4]);

    const baselines = await events(["run", "--json-events", "--only", "baseline-*"]);
    expect(ofType(baselines, "done")).toHaveLength(2);

    const family = await events(["report", "--family-cache", "--json-events"]);
    expect(family[0]).toMatchObject({ type: "stage", stage: expect.stringMatching(/^computing the simultaneous intervals of \d+ comparisons$/) });
    const replicates = ofType(family, "replicates");
    expect(replicates.length).toBeGreaterThan(0);
    expect(replicates.at(-1)!.done).toBe(replicates.at(-1)!.total);
    expect(family.at(-1)).toMatchObject({ type: "stage", stage: expect.stringMatching(/^\d+ comparisons computed in [\d.]+ s$/) });

    const pathEvents = await events(["path", "--json-events", "--encoding", "none", "--penalty", "l2", "--points", "3"]);
    expect(ofType(pathEvents, "stage").map((e) => e.stage)).toEqual(["loading data", "building features", "fitting C 1 of 3", "fitting C 2 of 3", "fitting C 3 of 3"]);
    expect(ofType(pathEvents, "progress").map((e) => e.iteration)).toEqual([1, 2, 3]);
  }, 300_000);
});
