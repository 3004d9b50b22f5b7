import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_SYNTHETIC_FILE, DEFAULT_SYNTHETIC_ORDERS, DEFAULT_SYNTHETIC_SEED, ensureDir, resolveWorkspace } from "../lib/workspace";

const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...vars });

describe("resolveWorkspace", () => {
  it("puts everything under ./.pushlab by default, with the generated synthetic file as the data", () => {
    const ws = resolveWorkspace(env());
    const home = path.join(process.cwd(), ".pushlab");
    // The folders README's "Where things are written" lists, each directly under the home.
    const folders = { dataDir: "data", cacheDir: "cache", resultsDir: "results", registryDir: "registry", runsDir: "runs", pathsDir: "paths", experimentsDir: "experiments", scoringDir: "scoring", candidatesDir: "candidates" };
    expect(ws).toEqual({
      home,
      ...Object.fromEntries(Object.entries(folders).map(([key, folder]) => [key, `${home}/${folder}`])),
      dataFile: `${home}/data/feature_frame_synthetic.csv`,
      synthetic: true,
      syntheticOrders: 3446,
      syntheticSeed: 42,
    });
    // The defaults are the real file's order count and the documented seed.
    expect([DEFAULT_SYNTHETIC_FILE, DEFAULT_SYNTHETIC_ORDERS, DEFAULT_SYNTHETIC_SEED]).toEqual(["feature_frame_synthetic.csv", 3446, 42]);
    expect(resolveWorkspace(env({ PUSHLAB_HOME: "" })).home).toBe(home); // empty = unset
  });

  it("resolves PUSHLAB_HOME and PUSHLAB_DATA to absolute paths; a user's file is not synthetic", () => {
    const ws = resolveWorkspace(env({ PUSHLAB_HOME: "some/home", PUSHLAB_DATA: "frames/mine.csv" }));
    expect(ws.home).toBe(path.resolve("some/home"));
    expect(ws.registryDir).toBe(path.resolve("some/home/registry"));
    expect(ws.dataFile).toBe(path.resolve("frames/mine.csv"));
    expect(ws.dataDir).toBe(path.resolve("some/home/data")); // still the home's, for generated files
    expect(ws.synthetic).toBe(false);
    expect(resolveWorkspace(env({ PUSHLAB_HOME: "/abs/home" })).cacheDir).toBe("/abs/home/cache");
  });

  it("gives every folder its own path inside the home", () => {
    const ws = resolveWorkspace(env({ PUSHLAB_HOME: "/h" }));
    const dirs = [ws.dataDir, ws.cacheDir, ws.resultsDir, ws.registryDir, ws.runsDir, ws.pathsDir, ws.experimentsDir, ws.scoringDir, ws.candidatesDir];
    expect(new Set(dirs).size).toBe(dirs.length);
    for (const dir of dirs) expect(path.dirname(dir)).toBe("/h");
  });

  it("reads the synthetic size and seed from PUSHLAB_SYNTHETIC_ORDERS and PUSHLAB_SYNTHETIC_SEED", () => {
    const ws = resolveWorkspace(env({ PUSHLAB_SYNTHETIC_ORDERS: "60", PUSHLAB_SYNTHETIC_SEED: "7" }));
    expect([ws.syntheticOrders, ws.syntheticSeed]).toEqual([60, 7]);
    expect(resolveWorkspace(env({ PUSHLAB_SYNTHETIC_ORDERS: "" })).syntheticOrders).toBe(3446);
  });

  it.each(["0", "-5", "2.5", "abc", "Infinity", "NaN"])("rejects PUSHLAB_SYNTHETIC_ORDERS=%s with a one-line ConfigError", (raw) => {
    expect(() => resolveWorkspace(env({ PUSHLAB_SYNTHETIC_ORDERS: raw }))).toThrow(ConfigError);
    expect(() => resolveWorkspace(env({ PUSHLAB_SYNTHETIC_ORDERS: raw }))).toThrow(`PUSHLAB_SYNTHETIC_ORDERS must be a positive integer, got '${raw}'`);
    expect(() => resolveWorkspace(env({ PUSHLAB_SYNTHETIC_SEED: raw }))).toThrow(`PUSHLAB_SYNTHETIC_SEED must be a positive integer, got '${raw}'`);
  });

  it("reads only the environment it is given", () => {
    const before = process.env.PUSHLAB_DATA;
    process.env.PUSHLAB_DATA = "/elsewhere.csv";
    try {
      expect(resolveWorkspace(env()).synthetic).toBe(true);
      expect(resolveWorkspace().dataFile).toBe("/elsewhere.csv"); // the default is process.env
    } finally {
      if (before === undefined) delete process.env.PUSHLAB_DATA;
      else process.env.PUSHLAB_DATA = before;
    }
  });
});

describe("ConfigError and ensureDir", () => {
  it("ConfigError is an Error named ConfigError", () => {
    const e = new ConfigError("bad setting");
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.message]).toEqual(["ConfigError", "bad setting"]);
  });

  it("ensureDir creates nested folders, keeps existing ones and returns the path", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-workspace-"));
    try {
      const nested = path.join(root, "a", "b", "c");
      expect(ensureDir(nested)).toBe(nested);
      fs.writeFileSync(path.join(nested, "kept.txt"), "x");
      expect(ensureDir(nested)).toBe(nested);
      expect(fs.readFileSync(path.join(nested, "kept.txt"), "utf8")).toBe("x");
      fs.writeFileSync(path.join(root, "file"), "");
      expect(() => ensureDir(path.join(root, "file"))).toThrow(/EEXIST|ENOTDIR/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
