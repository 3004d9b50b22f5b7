import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import {
  compareVersions,
  EMPTY_INDEX,
  entryFromFolder,
  indexFile,
  readRegistryIndex,
  reconcileRegistryIndex,
  versionFolders,
  type RegistryIndex,
} from "../../lib/registry/index-file";
import { CorruptRegistryError } from "../../lib/registry/errors";
import { tempDir } from "../helpers/feature-frame-csv";
import { handEntry } from "../helpers/hand-registry";

let dir: string;
beforeEach(() => {
  dir = tempDir("pushlab-index-file-");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const entry = handEntry;

/** A version folder as the registry writes it: model.json (only its presence matters here) and metadata.json. */
function writeVersionFolder(version: string, metadata: object = entry(version), withModel = true): void {
  fs.mkdirSync(path.join(dir, version), { recursive: true });
  if (withModel) fs.writeFileSync(path.join(dir, version, "model.json"), "{}");
  fs.writeFileSync(path.join(dir, version, "metadata.json"), JSON.stringify(metadata));
}

function writeIndex(index: RegistryIndex): void {
  fs.writeFileSync(indexFile(dir), JSON.stringify(index));
}

describe("compareVersions", () => {
  it("orders by timestamp, then by the collision suffix (none counts as 1)", () => {
    const shuffled = ["v_20260101_120001", "v_20260101_120000_10", "v_20260101_120000", "v_20251231_235959", "v_20260101_120000_2"];
    expect([...shuffled].sort(compareVersions)).toEqual([
      "v_20251231_235959",
      "v_20260101_120000",
      "v_20260101_120000_2",
      "v_20260101_120000_10", // numeric, not lexicographic: 10 after 2
      "v_20260101_120001",
    ]);
    expect(compareVersions("v_20260101_120000", "v_20260101_120000")).toBe(0);
  });
});

describe("versionFolders", () => {
  it("lists only directories named like versions, oldest first; a missing registry has none", () => {
    expect(versionFolders(path.join(dir, "absent"))).toEqual([]);
    fs.mkdirSync(path.join(dir, "v_20260102_000000"));
    fs.mkdirSync(path.join(dir, "v_20260101_000000_2"));
    fs.mkdirSync(path.join(dir, "v_20260101_000000"));
    fs.mkdirSync(path.join(dir, ".tmp-v_20260103_000000")); // a staging folder
    fs.mkdirSync(path.join(dir, "v_2026"));
    fs.writeFileSync(path.join(dir, "v_20260104_000000"), "a file, not a folder");
    expect(versionFolders(dir)).toEqual(["v_20260101_000000", "v_20260101_000000_2", "v_20260102_000000"]);
  });
});

describe("entryFromFolder", () => {
  it("reads the index entry from a complete folder's metadata.json", () => {
    const v = "v_20260101_120000";
    writeVersionFolder(v, { ...entry(v), extraField: "ignored" });
    expect(entryFromFolder(dir, v)).toEqual(entry(v));
  });

  it("is null for an incomplete folder: no model.json, metadata of another version, missing fields, torn JSON", () => {
    writeVersionFolder("v_20260101_000001", entry("v_20260101_000001"), false);
    writeVersionFolder("v_20260101_000002", entry("v_20260101_000009"));
    const { threshold: _dropped, ...noThreshold } = entry("v_20260101_000003");
    writeVersionFolder("v_20260101_000003", noThreshold);
    writeVersionFolder("v_20260101_000004");
    fs.writeFileSync(path.join(dir, "v_20260101_000004", "metadata.json"), '{"version": "v_2026');
    for (const v of ["v_20260101_000001", "v_20260101_000002", "v_20260101_000003", "v_20260101_000004", "v_20260101_000005"]) {
      expect(entryFromFolder(dir, v)).toBeNull();
    }
  });
});

describe("readRegistryIndex and reconcileRegistryIndex", () => {
  it("an empty registry (no index, no folders) is the empty index with nothing to change", () => {
    expect(readRegistryIndex(dir)).toEqual(EMPTY_INDEX);
    expect(reconcileRegistryIndex(dir)).toEqual({ index: EMPTY_INDEX, changes: [] });
  });

  it("reads a complete registry.json as written, and reports no change", () => {
    const index: RegistryIndex = { format: "pushlab-registry-v1", active: "v_20260101_000001", versions: [entry("v_20260101_000001"), entry("v_20260101_000002", "exp-b")] };
    writeIndex(index);
    for (const e of index.versions) writeVersionFolder(e.version, e);
    expect(readRegistryIndex(dir)).toEqual(index);
    expect(reconcileRegistryIndex(dir).changes).toEqual([]);
  });

  it("rebuilds a missing index from the folders; the active version is the last complete one history.jsonl names", () => {
    writeVersionFolder("v_20260101_000002");
    writeVersionFolder("v_20260101_000001");
    writeVersionFolder("v_20260101_000003", entry("v_20260101_000003"), false); // incomplete: not in the index
    fs.writeFileSync(
      path.join(dir, "history.jsonl"),
      [
        JSON.stringify({ event: "select", version: "v_20260101_000002" }),
        JSON.stringify({ event: "activate", version: "v_20260101_000001" }),
        JSON.stringify({ event: "select", version: "v_20260101_000003" }), // not complete: skipped
        '{"event": "sel', // torn last line
      ].join("\n"),
    );
    const { index, changes } = reconcileRegistryIndex(dir);
    expect(index.versions.map((v) => v.version)).toEqual(["v_20260101_000001", "v_20260101_000002"]);
    expect(index.active).toBe("v_20260101_000001");
    expect(changes).toEqual(["registry.json is missing: rebuilt from 2 version folder(s) and history.jsonl", "active version: v_20260101_000001"]);
    expect(readRegistryIndex(dir)).toEqual(index);
    expect(fs.existsSync(indexFile(dir))).toBe(false); // reading never writes
  });

  it("without history, the rebuilt index makes the newest version active", () => {
    writeVersionFolder("v_20260101_000001");
    writeVersionFolder("v_20260101_000001_2");
    expect(reconcileRegistryIndex(dir).index.active).toBe("v_20260101_000001_2");
  });

  it("adds a complete folder the index does not name, keeping the index's active version", () => {
    writeIndex({ format: "pushlab-registry-v1", active: "v_20260101_000002", versions: [entry("v_20260101_000002")] });
    writeVersionFolder("v_20260101_000002");
    writeVersionFolder("v_20260101_000001", entry("v_20260101_000001", "exp-old"));
    const { index, changes } = reconcileRegistryIndex(dir);
    expect(index.versions.map((v) => [v.version, v.experimentId])).toEqual([
      ["v_20260101_000001", "exp-old"],
      ["v_20260101_000002", "logreg-none-l2"],
    ]);
    expect(index.active).toBe("v_20260101_000002");
    expect(changes).toEqual(["version v_20260101_000001 is on disk but not in registry.json: added"]);
  });

  it("a corrupt or foreign registry.json is a one-line CorruptRegistryError naming the file, never an empty registry", () => {
    writeVersionFolder("v_20260101_000001");
    const file = indexFile(dir);
    const cases: [string, RegExp][] = [
      ['{"format": "pushlab-registry-v1", "act', /not valid JSON/],
      [JSON.stringify({ format: "pushlab-registry-v2", active: null, versions: [] }), /not a valid registry index: format: /],
      [JSON.stringify({ format: "pushlab-registry-v1", active: null, versions: [{ ...entry("v_20260101_000001"), version: "../etc" }] }), /not a valid registry index: versions\.0\.version: /],
      [JSON.stringify([1, 2]), /not a valid registry index/],
    ];
    for (const [text, message] of cases) {
      fs.writeFileSync(file, text);
      let error: unknown;
      try {
        readRegistryIndex(dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CorruptRegistryError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.startsWith(file)).toBe(true);
      expect((error as Error).message).not.toContain("\n");
      expect(() => reconcileRegistryIndex(dir)).toThrow(CorruptRegistryError);
      expect(fs.readFileSync(file, "utf8")).toBe(text); // nothing rewritten
    }
  });
});
