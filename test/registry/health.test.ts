import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { indexFile } from "../../lib/registry/index-file";
import { registryProblem } from "../../lib/registry/health";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";
import { writeHandRegistry } from "../helpers/hand-registry";

const [V1, V2, V3] = ["v_20260101_000001", "v_20260101_000002", "v_20260101_000003"];

let ws: Workspace;
beforeEach(() => {
  ws = resolveWorkspace({ ...process.env, PUSHLAB_HOME: tempDir("pushlab-health-") });
});
afterEach(() => fs.rmSync(ws.home, { recursive: true, force: true }));

const modelFile = (version: string) => path.join(ws.registryDir, version, "model.json");

describe("registryProblem", () => {
  it("is null for a registry with nothing selected and for one whose active model loads", () => {
    expect(registryProblem(ws)).toBeNull();
    writeHandRegistry(ws.registryDir, [V1, V2], null);
    expect(registryProblem(ws)).toBeNull();
    writeHandRegistry(ws.registryDir, [V1, V2]);
    expect(registryProblem(ws)).toBeNull();
  });

  it("a corrupt registry.json is an 'index' problem naming the file, with the repair as remedy", () => {
    writeHandRegistry(ws.registryDir, [V1, V2]);
    fs.writeFileSync(indexFile(ws.registryDir), '{"format": "pushlab-regis');
    const problem = registryProblem(ws)!;
    expect(problem.kind).toBe("index");
    expect(problem.message).toMatch(new RegExp(`^${indexFile(ws.registryDir)}: not valid JSON`));
    expect(problem.remedy).toContain(`move ${indexFile(ws.registryDir)} away`);
    expect(problem.remedy).toContain("registry check --repair");
    expect(problem.loadable).toEqual([]);
  });

  it("a damaged active model lists the other versions that load, newest first, and names the newest in the remedy", () => {
    writeHandRegistry(ws.registryDir, [V1, V2, V3]);
    fs.writeFileSync(modelFile(V3), '{"format": "pushlab-model-v1", "coef": [');
    let problem = registryProblem(ws)!;
    expect(problem.kind).toBe("active-model");
    expect(problem.message).toMatch(new RegExp(`^the active model ${V3} cannot be used: ${modelFile(V3)}: not valid JSON`));
    expect(problem.loadable).toEqual([V2, V1]);
    expect(problem.remedy).toContain(`registry activate ${V2}`);

    fs.rmSync(modelFile(V2)); // a version whose model.json is gone does not load either
    problem = registryProblem(ws)!;
    expect(problem.loadable).toEqual([V1]);
    expect(problem.remedy).toContain(`registry activate ${V1}`);
  });

  it("when no other version loads, the remedy is to select again", () => {
    writeHandRegistry(ws.registryDir, [V1, V2]);
    for (const v of [V1, V2]) fs.writeFileSync(modelFile(v), JSON.stringify({ format: "pushlab-model-v2" }));
    const problem = registryProblem(ws)!;
    expect(problem.kind).toBe("active-model");
    expect(problem.message).toContain("not a valid model file: format");
    expect(problem.loadable).toEqual([]);
    expect(problem.remedy).toBe("no other version loads: select a model again (`npx pushlab select ID`)");
  });

  it("reports, never repairs: the files are left as they were", () => {
    writeHandRegistry(ws.registryDir, [V1, V2]);
    fs.writeFileSync(modelFile(V2), "garbage");
    const before = fs.readFileSync(indexFile(ws.registryDir), "utf8");
    registryProblem(ws);
    expect(fs.readFileSync(indexFile(ws.registryDir), "utf8")).toBe(before);
    expect(fs.readFileSync(modelFile(V2), "utf8")).toBe("garbage");
  });
});
