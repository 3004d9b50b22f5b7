/**
 * Issue 16: what a hostile tester found after the first reliability suite — data lost or stale,
 * someone let in, traces instead of one line. One `describe` per defect, numbered as in the issue,
 * through the library where that is the contract and through the real CLI where the exit code and
 * the one-line error are. The HTTP ones (sign-in throttle, sign-out, 503s, limits, media types) are
 * also attacked over HTTP in e2e/security.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, describeDataFile } from "../../lib/data/dataset";
import { DataError } from "../../lib/data/errors";
import { contentFingerprint } from "../../lib/data/fingerprint";
import { loadFeatureFrameCsv } from "../../lib/data/csv-loader";
import { categoryColumn } from "../../lib/data/feature-frame";
import { COLUMN_NAMES } from "../../lib/data/schema";
import { prepareData } from "../../lib/data/dataset";
import { summarizeDataset } from "../../lib/data/summary";
import { makeLogisticSpec } from "../../lib/experiments/definitions/definition";
import { keepOperatingThreshold, validateThreshold } from "../../lib/experiments/results/operating-thresholds";
import { runExperiments } from "../../lib/experiments/running/runner";
import { CUT_OFF_STAGE, DROPPED_STAGE, RunQueue, type RunRecord } from "../../lib/experiments/queue/run-queue";
import { ENCODINGS, fitPipeline, transformRows } from "../../lib/features/pipeline";
import { isSessionRevoked, revokeSession } from "../../lib/auth/revocation";
import { createSession, parseSession, verifySession } from "../../lib/auth/session";
import { SignInThrottle, FREE_FAILURES, GLOBAL_FREE_FAILURES } from "../../lib/auth/sign-in-throttle";
import { readRegistryIndex } from "../../lib/registry/index-file";
import { parseModelFile, scoreFrame } from "../../lib/registry/model-file";
import { predictFile } from "../../lib/registry/predict-file";
import { activateVersion, checkRegistry, CorruptRegistryError, listVersions, loadModel, readHistory, selectModel } from "../../lib/registry/registry";
import { isJsonContentType, MAX_BODY_BYTES, MAX_ROWS_PER_REQUEST } from "../../lib/registry/request-limits";
import { frameFromRows, predictRequestSchema } from "../../lib/registry/rows-frame";
import { resolveWorkspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";
import { cliEnv, makeModelWorkspace, runCli, snapshot, snapshotDiff, SPECS, STACK_LINE, type CliResult, type ModelWorkspace } from "./harness";
import { PREDICT_ROW } from "../../e2e/fixtures";

const root = tempDir("pushlab-review-");
let template: ModelWorkspace;
let counter = 0;

beforeAll(async () => {
  template = await makeModelWorkspace(path.join(root, "template"), 16, 2);
}, 180_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A private copy of the template workspace (its home and data file). */
function copyWorkspace(): ModelWorkspace & { dir: string } {
  const dir = path.join(root, `ws-${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  const dataFile = path.join(dir, "frame.csv");
  fs.copyFileSync(template.dataFile, dataFile);
  const home = path.join(dir, "home");
  fs.cpSync(template.vars.PUSHLAB_HOME, home, { recursive: true, verbatimSymlinks: true });
  const vars = { PUSHLAB_HOME: home, PUSHLAB_DATA: dataFile };
  return { ...template, dir, dataFile, vars, ws: resolveWorkspace(cliEnv(vars)) };
}

/** The CLI's contract for a refused command: exit 1, one line on stderr naming `location`, no trace. */
function expectOneLine(result: CliResult, location: string, message: RegExp): void {
  expect(result.signal).toBeNull();
  expect(result.code, result.stderr).toBe(1);
  const stderr = result.stderr.trimEnd();
  expect(stderr.split("\n"), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(STACK_LINE);
  expect(stderr).toContain(location);
  expect(stderr).toMatch(message);
}

const col = (name: string) => COLUMN_NAMES.indexOf(name);
/** The data file's text with `edit` applied to the fields of every data line. */
function editRows(text: string, edit: (fields: string[], line: number) => void): string {
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const fields = lines[i].split(",");
    edit(fields, i + 1);
    lines[i] = fields.join(",");
  }
  return lines.join("\n");
}

describe("1. predict never overwrites its input through another name", () => {
  it("refuses a symlink to the input, a path through a symlinked folder and a hard link; the input is unchanged", async () => {
    const mw = copyWorkspace();
    const model = loadModel(mw.ws.registryDir);
    const input = mw.dataFile;
    const before = fs.readFileSync(input);
    const link = path.join(mw.dir, "link.csv");
    fs.symlinkSync("frame.csv", link);
    const folderLink = path.join(root, `folder-link-${counter++}`);
    fs.symlinkSync(mw.dir, folderLink);
    const hard = path.join(mw.dir, "hard.csv");
    fs.linkSync(input, hard);
    const cases: [string, string][] = [
      [link, input], // the issue's `predict v_link.csv --out v.csv`
      [input, link],
      [input, path.join(folderLink, "frame.csv")],
      [hard, input],
    ];
    for (const [from, to] of cases) {
      await expect(predictFile(model, from, to), `${from} → ${to}`).rejects.toThrow(/refusing to overwrite the input file/);
      expect(fs.readFileSync(input).equals(before), `${from} → ${to}`).toBe(true);
    }
    const cli = await runCli(["predict", link, "--out", input], mw.vars);
    expectOneLine(cli, input, /refusing to overwrite the input file/);
    expect(fs.readFileSync(input).equals(before)).toBe(true);
  }, 60_000);
});

describe("2. the fingerprint sees every byte", () => {
  it("an in-place edit of outcomes in the middle (same size, mtime restored) makes results stale; an exact copy keeps them", async () => {
    const mw = copyWorkspace();
    const file = mw.dataFile;
    const original = fs.readFileSync(file, "utf8");
    const first = await loadDataset(file, { cacheDir: mw.ws.cacheDir });
    const spec = [SPECS[0]];
    const data = prepareData(first.frame);
    expect((await runExperiments({ resultsDir: mw.ws.resultsDir, data, specs: spec, workers: 0 })).current).toEqual([SPECS[0].id]);

    // Flip outcome 0.0 ↔ 1.0 on the lines in the middle third: same length, far from the first MiB and the last 64 KiB.
    const lines = original.split("\n").length;
    let flipped = 0;
    const edited = editRows(original, (fields, line) => {
      if (line < lines / 3 || line > (2 * lines) / 3) return;
      const o = col("outcome");
      fields[o] = fields[o] === "0.0" ? "1.0" : fields[o] === "1.0" ? "0.0" : fields[o];
      flipped++;
    });
    expect(edited.length).toBe(original.length);
    const stat = fs.statSync(file);
    fs.writeFileSync(file, edited);
    fs.utimesSync(file, stat.atime, stat.mtime); // the mtime as before: only the ctime tells
    expect(flipped).toBeGreaterThan(5000);

    const second = await loadDataset(file, { cacheDir: mw.ws.cacheDir });
    expect(second.fromCache, "the cached parse of the old content is not reused").toBe(false);
    expect(second.frame.source.fingerprint).not.toBe(first.frame.source.fingerprint);
    expect(contentFingerprint(file, mw.ws.cacheDir)).toBe(second.frame.source.fingerprint);
    const outcome = second.frame.numbers.outcome;
    const firstOutcome = first.frame.numbers.outcome;
    let differ = 0;
    for (let i = 0; i < outcome.length; i++) if (outcome[i] !== firstOutcome[i]) differ++;
    expect(differ).toBe(flipped);
    const rerun = await runExperiments({ resultsDir: mw.ws.resultsDir, data: prepareData(second.frame), specs: spec, workers: 0 });
    expect(rerun.current, "no result of the old content is current").toEqual([]);
    expect(rerun.ran).toEqual([SPECS[0].id]);

    // A same-size copy with the middle edited differs; an exact copy elsewhere has the same fingerprint.
    const copy = path.join(mw.dir, "copy.csv");
    fs.writeFileSync(copy, original);
    expect(contentFingerprint(copy)).toBe(first.frame.source.fingerprint);
    expect((await loadDataset(copy)).frame.source.fingerprint).toBe(first.frame.source.fingerprint);
  }, 120_000);

  it("`pushlab run` after the edit runs again instead of saying 'current'", async () => {
    const mw = copyWorkspace();
    const ran = await runCli(["run", "--only", SPECS[0].id, "--workers", "0"], mw.vars);
    expect(ran.code, ran.stderr).toBe(0);
    const text = fs.readFileSync(mw.dataFile, "utf8");
    const middle = Math.floor(text.length / 2);
    const at = text.indexOf(",0.0,", middle); // some 0.0 field in the middle of the file
    const stat = fs.statSync(mw.dataFile);
    fs.writeFileSync(mw.dataFile, `${text.slice(0, at)},1.0,${text.slice(at + 5)}`);
    fs.utimesSync(mw.dataFile, stat.atime, stat.mtime);
    const again = await runCli(["run", "--only", SPECS[0].id, "--workers", "0"], mw.vars);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).not.toMatch(/1 current|"current":\s*\["/);
  }, 120_000);
});

describe("3. an input replaced while predict runs", () => {
  for (const parallel of ["never", "always"] as const) {
    it(`never pairs records with another file's probabilities (${parallel === "never" ? "sequential read" : "two worker threads"})`, async () => {
      const mw = copyWorkspace();
      const model = loadModel(mw.ws.registryDir);
      const replacement = path.join(mw.dir, "other.csv");
      // Other records with the same row count (ordered_before flipped: a model input, so other probabilities) to move over the input mid-run.
      fs.writeFileSync(replacement, editRows(fs.readFileSync(mw.dataFile, "utf8"), (f) => (f[col("ordered_before")] = f[col("ordered_before")] === "0.0" ? "1.0" : "0.0")));
      const out = path.join(mw.dir, "out", "predictions.csv");
      let moved = false;
      const run = predictFile(
        model,
        mw.dataFile,
        out,
        () => {
          if (!moved) {
            moved = true;
            fs.renameSync(replacement, mw.dataFile); // mv over it while it runs
          }
        },
        { parallel },
      );
      const outcome = await run.then(
        () => null,
        (error: Error) => error,
      );
      expect(moved).toBe(true);
      if (outcome !== null) {
        // Refused: one clear reason, nothing written.
        expect(outcome).toBeInstanceOf(DataError);
        expect(outcome.message).toMatch(/the (input )?file changed while it was (read|scored)/);
        expect(fs.existsSync(out)).toBe(false);
      } else {
        // Or (the parallel read falls back to one sequential read of the file as it now is) the output
        // is that file's records with that file's probabilities.
        const now = fs.readFileSync(mw.dataFile, "utf8").trimEnd().split("\n");
        const written = fs.readFileSync(out, "utf8").trimEnd().split("\n");
        expect(written.map((l) => l.split(",").slice(0, -2).join(","))).toEqual(now);
        const expected = scoreFrame(model, loadFeatureFrameCsv(mw.dataFile, describeDataFile(mw.dataFile)));
        expect(written.slice(1).map((l) => Number(l.split(",").at(-2)))).toEqual(Array.from(expected));
      }
    }, 60_000);
  }
});

const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"];

describe("4. category names from Object.prototype are categories like any other", () => {
  let file: string;
  let frameText: string;
  beforeAll(() => {
    // Every fourth variant's vendor and product type renamed after Object.prototype's properties.
    frameText = editRows(fs.readFileSync(template.dataFile, "utf8"), (f) => {
      const k = Number(f[col("variant_id")]) % 5;
      if (k < PROTO_NAMES.length) {
        f[col("vendor")] = PROTO_NAMES[k];
        f[col("product_type")] = PROTO_NAMES[(k + 1) % PROTO_NAMES.length];
      }
    });
    file = path.join(root, "proto.csv");
    fs.writeFileSync(file, frameText);
  });

  it("every encoding fits and transforms to finite values, and frequency / target values are the categories' own", () => {
    const frame = loadFeatureFrameCsv(file, describeDataFile(file));
    const vendors = categoryColumn(frame, "vendor").dictionary;
    for (const name of PROTO_NAMES) expect(vendors).toContain(name);
    const data = prepareData(frame);
    const train = data.split.rows.train;
    for (const encoding of ENCODINGS) {
      const { state, train: X } = fitPipeline(frame, train, { encoding });
      expect(X.data.every(Number.isFinite), encoding).toBe(true);
      // Through JSON as in model.json, then applied to other rows.
      const restored = JSON.parse(JSON.stringify(state));
      const Y = transformRows(restored, frame, data.split.rows.validation);
      expect(Y.data.every(Number.isFinite), encoding).toBe(true);
    }
    const { state } = fitPipeline(frame, train, { encoding: "frequency" });
    const encoder = state.encoders.find((e) => e.column === "vendor")!;
    if (encoder.kind !== "frequency") throw new Error("frequency encoder expected");
    const vendor = categoryColumn(frame, "vendor");
    for (const name of PROTO_NAMES) {
      const code = vendor.dictionary.indexOf(name);
      let count = 0;
      for (const i of train) if (vendor.codes[i] === code) count++;
      expect(Object.hasOwn(encoder.frequencies, name), name).toBe(true);
      expect(encoder.frequencies[name], name).toBeCloseTo(count / train.length, 12);
    }
    const restored = JSON.parse(JSON.stringify(state));
    expect(Object.hasOwn(restored.encoders[1].frequencies, "__proto__")).toBe(true);
  });

  it("`run` trains every encoding on them, predict and the API score them, the summary lists them", async () => {
    const frame = loadFeatureFrameCsv(file, describeDataFile(file));
    const data = prepareData(frame);
    const specs = ENCODINGS.map((encoding) => makeLogisticSpec({ encoding, penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }));
    const resultsDir = path.join(root, "proto-results");
    const summary = await runExperiments({ resultsDir, data, specs, workers: 0 });
    expect(summary.failed).toEqual([]);
    expect(summary.ran).toHaveLength(ENCODINGS.length);
    const registryDir = path.join(root, "proto-registry");
    const frequency = specs.find((s) => s.id.includes("frequency"))!;
    await selectModel(registryDir, resultsDir, data, { experimentId: frequency.id, actor: "test" });
    const model = loadModel(registryDir);
    const probabilities = scoreFrame(model, frame);
    expect(probabilities.every((p) => p > 0 && p < 1)).toBe(true);
    // The API's rows with those names.
    const rows = PROTO_NAMES.map((name) => ({ ...PREDICT_ROW, vendor: name, product_type: name }));
    const built = frameFromRows(rows, model.signature!.inputs);
    if ("errors" in built) throw new Error(JSON.stringify(built.errors));
    expect(scoreFrame(model, built.frame).every((p) => p > 0 && p < 1)).toBe(true);
    // The file through predict.
    const out = path.join(root, "proto-predictions.csv");
    await predictFile(model, file, out);
    const scored = fs.readFileSync(out, "utf8").trimEnd().split("\n").slice(1).map((l) => Number(l.split(",").at(-2)));
    expect(scored.every((p) => p > 0 && p < 1)).toBe(true);
    const top = summarizeDataset(data).columns.find((c) => c.name === "vendor")!;
    expect(top.distinct).toBe(categoryColumn(frame, "vendor").dictionary.length);
  }, 180_000);
});

describe("5. a deleted registry.json", () => {
  it("reads as the versions on disk, and the next select keeps every older version", async () => {
    const mw = copyWorkspace();
    const before = readRegistryIndex(mw.ws.registryDir);
    expect(before.versions.length).toBe(2);
    fs.rmSync(path.join(mw.ws.registryDir, "registry.json"));
    const rebuilt = listVersions(mw.ws.registryDir);
    expect(rebuilt.versions.map((v) => v.version)).toEqual(before.versions.map((v) => v.version));
    expect(rebuilt.active).toBe(before.active);
    expect(loadModel(mw.ws.registryDir).version).toBe(before.active);
    const entry = await selectModel(mw.ws.registryDir, mw.ws.resultsDir, mw.data, { experimentId: SPECS[0].id, actor: "test" });
    const after = readRegistryIndex(mw.ws.registryDir);
    expect(after.versions.map((v) => v.version)).toEqual([...before.versions.map((v) => v.version), entry.version]);
    expect(after.active).toBe(entry.version);
  }, 60_000);
});

describe("6. a version folder left unindexed by a crash between renames", () => {
  it("is reconciled by the next registry write, reported and repaired by `registry check`", async () => {
    const mw = copyWorkspace();
    const before = readRegistryIndex(mw.ws.registryDir);
    // Killed after the version folder's rename, before the index's (the 4th rename of a select).
    await expect(
      selectModel(mw.ws.registryDir, mw.ws.resultsDir, mw.data, {
        experimentId: SPECS[1].id,
        actor: "test",
        onStep: (step) => {
          if (step === "version-visible") throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    const orphan = fs.readdirSync(mw.ws.registryDir).find((n) => /^v_/.test(n) && !before.versions.some((v) => v.version === n))!;
    expect(orphan).toBeDefined();
    expect(readRegistryIndex(mw.ws.registryDir).versions.map((v) => v.version)).not.toContain(orphan);

    const check = await runCli(["registry", "check"], mw.vars);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`version ${orphan} is on disk but not in registry.json`);
    const repair = await runCli(["registry", "check", "--repair"], mw.vars);
    expect(repair.code, repair.stderr).toBe(0);
    expect(readRegistryIndex(mw.ws.registryDir).versions.map((v) => v.version)).toContain(orphan);
    expect(readRegistryIndex(mw.ws.registryDir).active).toBe(before.active);
    expect((await runCli(["registry", "check"], mw.vars)).stdout).toContain("the registry is consistent");

    // Without the check, the next writer reconciles it.
    const other = copyWorkspace();
    await expect(
      selectModel(other.ws.registryDir, other.ws.resultsDir, other.data, { experimentId: SPECS[1].id, actor: "test", onStep: (s) => { if (s === "version-visible") throw new Error("killed"); } }),
    ).rejects.toThrow("killed");
    const orphan2 = fs.readdirSync(other.ws.registryDir).find((n) => /^v_/.test(n) && !before.versions.some((v) => v.version === n))!;
    await activateVersion(other.ws.registryDir, before.versions[0].version, "test", "after a crash");
    expect(readRegistryIndex(other.ws.registryDir).versions.map((v) => v.version)).toContain(orphan2);
  }, 90_000);
});

describe("7. a corrupt model.json is refused on load", () => {
  const corruptions: [string, (m: Record<string, any>) => void, RegExp][] = [
    ["scaler arrays cut short", (m) => (m.pipeline.scaler.mean = m.pipeline.scaler.mean.slice(0, 2)), /scaler\.mean has 2 values/],
    ["threshold 5", (m) => (m.threshold = 5), /threshold: .*(<=|1)/],
    ["a version field that names another folder", (m) => (m.version = "v_20000101_000000"), /version field says 'v_20000101_000000'/],
    ["a coefficient that is not finite", (m) => (m.coef[0] = null), /coef\.0/],
    ["a scale of 0", (m) => (m.pipeline.scaler.scale[0] = 0), /pipeline\.scaler\.scale\.0/],
    ["an unknown base feature", (m) => (m.pipeline.baseFeatures[0] = "outcome"), /pipeline\.baseFeatures\.0: not a base feature/],
  ];
  for (const [name, corrupt, message] of corruptions) {
    it(`${name}: one line naming the file, nothing scored`, () => {
      const mw = copyWorkspace();
      const version = readRegistryIndex(mw.ws.registryDir).active!;
      const file = path.join(mw.ws.registryDir, version, "model.json");
      const json = JSON.parse(fs.readFileSync(file, "utf8"));
      corrupt(json);
      fs.writeFileSync(file, JSON.stringify(json));
      let error: unknown;
      try {
        loadModel(mw.ws.registryDir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CorruptRegistryError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.split("\n")).toHaveLength(1);
    });
  }

  it("`pushlab predict` with scaler arrays cut short exits 1 with one line and writes nothing", async () => {
    const mw = copyWorkspace();
    const file = path.join(mw.ws.registryDir, readRegistryIndex(mw.ws.registryDir).active!, "model.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    json.pipeline.scaler.scale = json.pipeline.scaler.scale.slice(0, 3);
    fs.writeFileSync(file, JSON.stringify(json));
    const out = path.join(mw.dir, "p.csv");
    expectOneLine(await runCli(["predict", mw.dataFile, "--out", out], mw.vars), file, /scaler\.scale has 3 values/);
    expect(fs.existsSync(out)).toBe(false);
  }, 30_000);

  it("a genuine model passes (the validation refuses only what is wrong)", () => {
    const file = path.join(template.ws.registryDir, template.versions[0], "model.json");
    expect(parseModelFile(fs.readFileSync(file, "utf8"), file, template.versions[0]).version).toBe(template.versions[0]);
  });
});

describe("8. activate when `active` is a directory", () => {
  it("refuses before writing anything: index and history unchanged, one line", async () => {
    const mw = copyWorkspace();
    const active = path.join(mw.ws.registryDir, "active");
    fs.rmSync(active);
    fs.mkdirSync(active);
    const before = snapshot(mw.ws.registryDir);
    const other = readRegistryIndex(mw.ws.registryDir).versions[0].version;
    await expect(activateVersion(mw.ws.registryDir, other, "test", "x")).rejects.toThrow(/is a directory, not the link to the active version/);
    await expect(selectModel(mw.ws.registryDir, mw.ws.resultsDir, mw.data, { experimentId: SPECS[0].id, actor: "test" })).rejects.toThrow(/is a directory/);
    expect(snapshotDiff(before, snapshot(mw.ws.registryDir))).toEqual([]);
    const cli = await runCli(["registry", "activate", other], mw.vars);
    expectOneLine(cli, active, /is a directory/);
    expect(snapshotDiff(before, snapshot(mw.ws.registryDir))).toEqual([]);
  }, 60_000);
});

describe("9. sign-in is throttled per client and globally, with a growing delay", () => {
  it(`after ${FREE_FAILURES} failures a client waits 1 s, 2 s, 4 s …; other clients are not held up until the global limit`, () => {
    const throttle = new SignInThrottle();
    const t0 = 1_000_000;
    for (let k = 0; k < FREE_FAILURES; k++) expect(throttle.failure("a", t0)).toBe(0);
    expect(throttle.failure("a", t0)).toBe(1);
    expect(throttle.waitSeconds("a", t0 + 500)).toBe(1);
    expect(throttle.waitSeconds("b", t0)).toBe(0);
    expect(throttle.failure("a", t0 + 1000)).toBe(2);
    expect(throttle.failure("a", t0 + 3000)).toBe(4);
    expect(throttle.failure("a", t0 + 7000)).toBe(8);
    expect(throttle.waitSeconds("a", t0 + 7000 + 8000)).toBe(0);
    throttle.success("a");
    expect(throttle.waitSeconds("a", t0 + 7000)).toBe(0);
  });

  it("a guesser rotating its address meets the global limit: 100 guesses take far more than a second", () => {
    const throttle = new SignInThrottle();
    let now = 0;
    let refused = 0;
    let tried = 0;
    // 100 attempts a second for 10 s, each from a new address.
    for (let k = 0; k < 1000; k++) {
      now = k * 10;
      const client = `10.0.${k >> 8}.${k & 255}`;
      if (throttle.waitSeconds(client, now) > 0) refused++;
      else {
        tried++;
        throttle.failure(client, now);
      }
    }
    expect(tried).toBeLessThan(GLOBAL_FREE_FAILURES + 10);
    expect(refused).toBeGreaterThan(900);
  });
});

describe("10. sign-out ends the session", () => {
  it("a copied cookie is no session once its session is revoked; other sessions stay valid", async () => {
    const token = "t0ken";
    const dir = path.join(root, "auth");
    const cookie = createSession(token);
    const otherCookie = createSession(token);
    const revoked = (id: string) => isSessionRevoked(dir, id);
    expect(verifySession(cookie, token, Date.now(), revoked)).toBe(true);
    const session = parseSession(cookie, token)!;
    await revokeSession(dir, session.sessionId, session.expiresAt);
    expect(verifySession(cookie, token, Date.now(), revoked)).toBe(false);
    expect(verifySession(otherCookie, token, Date.now(), revoked)).toBe(true);
    // An old-format cookie (issue time and MAC only: not revocable) is no session.
    expect(verifySession(cookie.replace(/\.[^.]+\./, "."), token)).toBe(false);
  });
});

describe("11. thresholds are decimal numbers in [0, 1] everywhere", () => {
  it("the library refuses -5, 16, 0x10, Infinity and blanks, accepts 0, 0.35, .5, 1", async () => {
    for (const bad of [-5, 16, "0x10", "0b1", "Infinity", "", " ", "1e3", "-0.1", NaN, null, "0.5abc"]) expect(() => validateThreshold(bad), String(bad)).toThrow(/in \[0, 1\]/);
    for (const [good, value] of [[0, 0], ["0.35", 0.35], [".5", 0.5], ["1", 1], ["3.5e-1", 0.35]] as const) expect(validateThreshold(good)).toBe(value);
    const mw = copyWorkspace();
    await expect(keepOperatingThreshold(mw.ws.resultsDir, SPECS[0].id, "0x10", "test")).rejects.toThrow(/in \[0, 1\]/);
    expect(fs.existsSync(path.join(mw.ws.resultsDir, "_operating-thresholds.json"))).toBe(false);
    await expect(selectModel(mw.ws.registryDir, mw.ws.resultsDir, mw.data, { experimentId: SPECS[0].id, actor: "t", threshold: -5 })).rejects.toThrow(/in \[0, 1\]/);
    // A kept threshold out of range (written before the check) is not used.
    fs.writeFileSync(path.join(mw.ws.resultsDir, "_operating-thresholds.json"), JSON.stringify({ [SPECS[0].id]: { threshold: 16, keptAt: "x", by: "y" } }));
    const entry = await selectModel(mw.ws.registryDir, mw.ws.resultsDir, mw.data, { experimentId: SPECS[0].id, actor: "t" });
    expect(entry.threshold).toBeGreaterThanOrEqual(0);
    expect(entry.threshold).toBeLessThanOrEqual(1);
  }, 60_000);

  it("`pushlab select --threshold -5` exits 1 and writes no version", async () => {
    const mw = copyWorkspace();
    const before = snapshot(mw.ws.registryDir);
    const result = await runCli(["select", SPECS[0].id, "--threshold", "-5"], mw.vars);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/threshold must be a decimal number in \[0, 1\]/);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(snapshotDiff(before, snapshot(mw.ws.registryDir))).toEqual([]);
  }, 30_000);
});

describe("12. one line instead of a trace", () => {
  it("a corrupt registry.json and model.json: `registry list`, `predict` and `registry activate` say so in one line", async () => {
    const mw = copyWorkspace();
    const index = path.join(mw.ws.registryDir, "registry.json");
    const saved = fs.readFileSync(index);
    fs.writeFileSync(index, "{ not json");
    expectOneLine(await runCli(["registry", "list"], mw.vars), index, /not valid JSON/);
    expectOneLine(await runCli(["registry", "activate", mw.versions[0]], mw.vars), index, /not valid JSON/);
    fs.writeFileSync(index, saved);
    const model = path.join(mw.ws.registryDir, readRegistryIndex(mw.ws.registryDir).active!, "model.json");
    fs.writeFileSync(model, '{"format": "pushlab-model-v1", "coef": [1,');
    expectOneLine(await runCli(["predict", mw.dataFile, "--out", path.join(mw.dir, "o.csv")], mw.vars), model, /not valid JSON/);
    expect(() => readHistory(mw.ws.registryDir)).not.toThrow();
  }, 180_000);
});

describe("13–15. the API's limits and media types (library side; HTTP in e2e/security.spec.ts)", () => {
  it(`${MAX_ROWS_PER_REQUEST} rows of the largest realistic size fit under the ${MAX_BODY_BYTES}-byte cap`, () => {
    const big = Object.fromEntries(
      Object.entries(PREDICT_ROW).map(([k, v]) => [k, typeof v === "number" ? -1.2345678901234567e-300 : k === "vendor" || k === "product_type" ? "v".repeat(200) : v]),
    );
    const body = JSON.stringify({ rows: Array.from({ length: MAX_ROWS_PER_REQUEST }, () => big) }, null, 1);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const parsed = predictRequestSchema.safeParse(JSON.parse(body));
    expect(parsed.success).toBe(true);
    expect(predictRequestSchema.safeParse({ rows: Array.from({ length: MAX_ROWS_PER_REQUEST + 1 }, () => PREDICT_ROW) }).success).toBe(false);
  });

  it("Content-Type is parsed as a media type", () => {
    for (const ok of ["application/json", "APPLICATION/JSON", "Application/Json; charset=UTF-8", "application/json;charset=utf-8"]) expect(isJsonContentType(ok), ok).toBe(true);
    for (const bad of ["application/jsonp", "text/plain; x=application/json", "application/json-seq", "application/json; charset=latin1", "", null, "application/json, text/plain"]) expect(isJsonContentType(bad), String(bad)).toBe(false);
  });
});

describe("16. a malformed quoted field", () => {
  it('`"star"farm` is refused with line and column, as RFC 4180 readers do', () => {
    const text = fs.readFileSync(template.dataFile, "utf8").split("\n").slice(0, 30);
    const fields = text[9].split(",");
    fields[col("vendor")] = '"star"farm';
    text[9] = fields.join(",");
    const file = path.join(root, "bad-quote.csv");
    fs.writeFileSync(file, `${text.join("\n")}\n`);
    let error: unknown;
    try {
      loadFeatureFrameCsv(file, describeDataFile(file));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain(`${file}:10:${col("vendor") + 1}`);
    expect((error as Error).message).toMatch(/after the closing quote/);
    // A well-formed quoted field with an escaped quote still loads.
    fields[col("vendor")] = '"star""farm"';
    text[9] = fields.join(",");
    fs.writeFileSync(file, `${text.join("\n")}\n`);
    expect(categoryColumn(loadFeatureFrameCsv(file, describeDataFile(file)), "vendor").dictionary).toContain('star"farm');
  });
});

describe("17. `pushlab data` on a bad input writes nothing", () => {
  it("no cache/ folder (or anything else) appears in the workspace", async () => {
    const dir = path.join(root, `data-${counter++}`);
    fs.mkdirSync(path.join(dir, "home"), { recursive: true });
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(bad, fs.readFileSync(template.dataFile, "utf8").replace(/\n([^\n]*)\n/, "\n$1,extra\n"));
    const result = await runCli(["data"], { PUSHLAB_HOME: path.join(dir, "home"), PUSHLAB_DATA: bad });
    expectOneLine(result, bad, /wrong number of fields/);
    expect(fs.readdirSync(path.join(dir, "home"))).toEqual([]);
  }, 30_000);
});

describe("18. run-queue recovery at server start-up", () => {
  it("the instrumentation hook marks queued runs as dropped and running ones as cut off, before any request", async () => {
    const home = path.join(root, `runs-${counter++}`);
    const runsDir = resolveWorkspace(cliEnv({ PUSHLAB_HOME: home })).runsDir;
    fs.mkdirSync(runsDir, { recursive: true });
    const record = (runId: string, status: RunRecord["status"]): RunRecord => ({
      runId, kind: "experiment", key: runId, args: [], status, stage: status, iteration: null, loss: null, progress: null, error: null,
      createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z", by: "test",
    });
    for (const r of [record("run-a", "queued"), record("run-b", "running"), record("run-c", "done")]) fs.writeFileSync(path.join(runsDir, `${r.runId}.json`), JSON.stringify(r));
    const saved = { home: process.env.PUSHLAB_HOME, runtime: process.env.NEXT_RUNTIME };
    process.env.PUSHLAB_HOME = home;
    process.env.NEXT_RUNTIME = "nodejs";
    try {
      const { register } = await import("../../instrumentation");
      await register();
    } finally {
      if (saved.home === undefined) delete process.env.PUSHLAB_HOME;
      else process.env.PUSHLAB_HOME = saved.home;
      if (saved.runtime === undefined) delete process.env.NEXT_RUNTIME;
      else process.env.NEXT_RUNTIME = saved.runtime;
    }
    const read = (id: string) => JSON.parse(fs.readFileSync(path.join(runsDir, `${id}.json`), "utf8")) as RunRecord;
    expect(read("run-a")).toMatchObject({ status: "interrupted", stage: DROPPED_STAGE });
    expect(read("run-b")).toMatchObject({ status: "interrupted", stage: CUT_OFF_STAGE });
    expect(read("run-c").status).toBe("done");
    // A queue made later sees them as they were marked.
    expect(new RunQueue(runsDir, () => { throw new Error("nothing runs"); }).get("run-a")!.stage).toBe(DROPPED_STAGE);
  });
});
