/**
 * Issue 8, part 1: the hostile corpus (./corpus.ts) through the real CLI as child processes. Every
 * input goes through `pushlab validate`; the inputs marked `everyCommand` (one per place where
 * reading can fail, and the valid one) also through `pushlab run` and `pushlab predict`. A bad input
 * must end with exit code 1 and one clear line on stderr naming the file (file:line:column where the
 * problem has a place), no stack trace, and nothing written or changed anywhere: the workspace
 * (cache, results, registry), the input's folder and the predictions output's folder are compared
 * before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { tempDir } from "../helpers/feature-frame-csv";
import { buildCorpus, type HostileInput } from "./corpus";
import { makeModelWorkspace, pool, RUN_ONLY, runCli, snapshot, snapshotDiff, STACK_LINE, SPECS, type CliResult, type ModelWorkspace } from "./harness";

const root = tempDir("pushlab-hostile-");
const { corpus } = buildCorpus(21);
const COMMANDS = ["validate", "run", "predict"] as const;
type CommandName = (typeof COMMANDS)[number];

interface Outcome {
  input: HostileInput;
  file: string;
  out: string;
  home: string;
  results: Partial<Record<CommandName, CliResult>>;
  /** Changes to the workspace, the input's folder and the output's folder (invalid inputs only). */
  changes: string[];
}
const outcomes: Outcome[] = [];
const commandsFor = (input: HostileInput): CommandName[] => (input.everyCommand ? [...COMMANDS] : ["validate"]);
let template: ModelWorkspace;

beforeAll(async () => {
  // One workspace with results and an active model, copied per input so each input's effects are its own.
  template = await makeModelWorkspace(path.join(root, "template"), 9);
  await pool(corpus, 2, async (input, n) => {
    const caseDir = path.join(root, `case-${String(n).padStart(2, "0")}`);
    const inputDir = path.join(caseDir, "input");
    const home = path.join(caseDir, "home");
    const outDir = path.join(caseDir, "out");
    fs.mkdirSync(inputDir, { recursive: true });
    fs.cpSync(template.vars.PUSHLAB_HOME, home, { recursive: true, verbatimSymlinks: true });
    const file = input.make(inputDir);
    const out = path.join(outDir, "predictions.csv");
    const before = { home: snapshot(home), input: snapshot(inputDir) };
    const results: Partial<Record<CommandName, CliResult>> = {};
    // The commands of one input run one after the other: a valid input's `run` writes results.
    for (const command of commandsFor(input)) {
      const args = command === "validate" ? ["validate", file] : command === "run" ? ["run", "--only", RUN_ONLY, "--workers", "0"] : ["predict", file, "--out", out];
      results[command] = await runCli(args, command === "run" ? { PUSHLAB_HOME: home, PUSHLAB_DATA: file } : { PUSHLAB_HOME: home });
    }
    const changes =
      input.expected === "valid"
        ? []
        : [
            ...snapshotDiff(before.home, snapshot(home)).map((c) => `PUSHLAB_HOME: ${c}`),
            ...snapshotDiff(before.input, snapshot(inputDir)).map((c) => `input folder: ${c}`),
            ...(fs.existsSync(outDir) ? [`output folder created: ${fs.readdirSync(outDir).join(", ") || "(empty)"}`] : []),
          ];
    outcomes[n] = { input, file, out, home, results, changes };
  });
}, 600_000);

afterAll(() => {
  const runs = COMMANDS.map((c) => `${c} ${outcomes.filter((o) => o.results[c]).length}`);
  const all = outcomes.flatMap((o) => Object.values(o.results));
  console.log(
    `hostile inputs: ${outcomes.length} inputs (${outcomes.filter((o) => o.input.expected === "valid").length} valid), ${all.length} CLI runs: ${runs.join(", ")}; ` +
      `plus ${OUTPUT_CASES} predict --out cases; mean CLI run ${(all.reduce((s, r) => s + r.ms, 0) / all.length).toFixed(0)} ms`,
  );
  fs.rmSync(root, { recursive: true, force: true });
});

/** The one-line-error contract of the CLI for a failed command. */
function expectOneLineError(result: CliResult, location: string, message: RegExp): void {
  expect(result.signal).toBeNull();
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe("");
  const stderr = result.stderr.trimEnd();
  expect(stderr.split("\n"), "exactly one line on stderr").toHaveLength(1);
  expect(stderr).not.toMatch(STACK_LINE);
  expect(stderr.length, "a short line, whatever the input holds").toBeLessThan(1000);
  expect(stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/); // nothing from the file reaches the terminal raw
  expect(stderr.startsWith(`pushlab: ${location}: `), `'${stderr.slice(0, 300)}' should start with 'pushlab: ${location}: '`).toBe(true);
  expect(stderr).toMatch(message);
}

describe("the hostile corpus", () => {
  it("has at least 30 inputs, each with its own name", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });
});

describe.each(corpus.map((input, n) => ({ name: input.name, n })))("$name", ({ n }) => {
  for (const command of commandsFor(corpus[n])) {
    it(`pushlab ${command}`, () => {
      const { input, file, out, home, results } = outcomes[n];
      const result = results[command]!;
      if (input.expected === "valid") {
        expect(result.signal).toBeNull();
        expect(result.stderr).not.toMatch(STACK_LINE);
        expect(result.code, result.stderr).toBe(0);
        if (command === "validate") expect(result.stdout).toMatch(/valid feature frame, [\d,]+ rows/);
        if (command === "run") {
          for (const spec of SPECS.filter((s) => s.id.includes(RUN_ONLY))) expect(fs.existsSync(path.join(home, "results", `${spec.id}.json`))).toBe(true);
        }
        if (command === "predict") {
          const inputLines = fs.readFileSync(file, "utf8").trimEnd().split("\n").length;
          expect(fs.readFileSync(out, "utf8").trimEnd().split("\n")).toHaveLength(inputLines);
        }
        return;
      }
      const { line, column, message } = input.expected;
      expectOneLineError(result, [file, line, column].filter((p) => p !== undefined).join(":"), message);
    });
  }

  if (corpus[n].expected !== "valid") {
    it("writes and changes nothing (workspace, input folder, output folder)", () => {
      expect(outcomes[n].changes).toEqual([]);
    });
  }
});

const OUTPUT_CASES = 3;
describe("pushlab predict with a bad --out", () => {
  it("refuses to overwrite its input, to replace a folder, or to write under a file: one line, nothing changed", async () => {
    const dir = path.join(root, "out-cases");
    fs.mkdirSync(path.join(dir, "a-folder.csv"), { recursive: true });
    fs.writeFileSync(path.join(dir, "a-file"), "x");
    const input = template.dataFile;
    const cases: [string, RegExp][] = [
      [input, /refusing to overwrite the input file/],
      [path.join(dir, "a-folder.csv"), /exists and is not a regular file/],
      [path.join(dir, "a-file", "predictions.csv"), /cannot write the predictions/],
    ];
    expect(cases).toHaveLength(OUTPUT_CASES);
    const before = { dir: snapshot(dir), input: snapshot(path.dirname(input)), home: snapshot(template.vars.PUSHLAB_HOME) };
    for (const [out, message] of cases) {
      const result = await runCli(["predict", input, "--out", out], { PUSHLAB_HOME: template.vars.PUSHLAB_HOME });
      expectOneLineError(result, out, message);
    }
    expect(snapshotDiff(before.dir, snapshot(dir))).toEqual([]);
    expect(snapshotDiff(before.input, snapshot(path.dirname(input)))).toEqual([]);
    expect(snapshotDiff(before.home, snapshot(template.vars.PUSHLAB_HOME))).toEqual([]);
  }, 60_000);
});
