import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import { activeExperimentId, activeVersion } from "../../lib/registry/active";
import { CorruptRegistryError } from "../../lib/registry/errors";
import { indexFile } from "../../lib/registry/index-file";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";
import { tempDir } from "../helpers/feature-frame-csv";
import { handEntry, writeHandRegistry } from "../helpers/hand-registry";

let ws: Workspace;
beforeEach(() => {
  ws = resolveWorkspace({ ...process.env, PUSHLAB_HOME: tempDir("pushlab-active-") });
});
afterEach(() => fs.rmSync(ws.home, { recursive: true, force: true }));

describe("activeVersion and activeExperimentId", () => {
  it("are null before any selection (no registry, or one with nothing active)", () => {
    expect(activeVersion(ws)).toBeNull();
    expect(activeExperimentId(ws)).toBeNull();
    writeHandRegistry(ws.registryDir, ["v_20260101_000001"], null);
    expect(activeVersion(ws)).toBeNull();
  });

  it("give the index entry the index marks active, not the newest", () => {
    const index = writeHandRegistry(ws.registryDir, ["v_20260101_000001", "v_20260101_000002"], "v_20260101_000001");
    index.versions[0] = handEntry("v_20260101_000001", "logreg-older");
    fs.writeFileSync(indexFile(ws.registryDir), JSON.stringify(index));
    expect(activeVersion(ws)).toEqual(handEntry("v_20260101_000001", "logreg-older"));
    expect(activeExperimentId(ws)).toBe("logreg-older");
  });

  it("is null when the index names an active version it does not list", () => {
    writeHandRegistry(ws.registryDir, ["v_20260101_000001"], "v_20260101_000009");
    expect(activeVersion(ws)).toBeNull();
  });

  it("a corrupt index is an error, not 'nothing selected'", () => {
    writeHandRegistry(ws.registryDir, ["v_20260101_000001"]);
    fs.writeFileSync(indexFile(ws.registryDir), "[");
    expect(() => activeVersion(ws)).toThrow(CorruptRegistryError);
  });
});
