import fs from "node:fs";
import path from "node:path";
import type { RegistryIndex, VersionEntry } from "../../lib/registry/index-file";
import { indexFile } from "../../lib/registry/index-file";
import type { ModelFile } from "../../lib/registry/model-file";

/**
 * A registry written by hand, without fitting anything: model.json of a model without encoders (two
 * base features, their scaler, coefficients and threshold), metadata.json with the fields the index
 * reads, and registry.json. For tests of the code that reads a registry rather than the code that fits.
 */

/** model.json of a hand-written model: z = intercept + 2·(ordered_before − 0.5)/0.5 − (normalised_price − 0.2)/0.1. */
export function handModel(version = "v_20260101_120000"): Omit<ModelFile, "signature"> {
  const featureNames = ["ordered_before", "normalised_price"];
  return {
    format: "pushlab-model-v1",
    version,
    experimentId: "logreg-none-l2",
    pushlabVersion: "0.0.0-test",
    createdAt: "2026-01-01T12:00:00.000Z",
    featureNames,
    pipeline: {
      format: "pushlab-pipeline-v1",
      encoding: "none",
      baseFeatures: featureNames,
      encoders: [],
      featureNames,
      scaler: { mean: [0.5, 0.2], scale: [0.5, 0.1] },
    },
    coef: [2, -1],
    intercept: -1,
    threshold: 0.3,
    refit: false,
  };
}

/** The index entry (and metadata.json fields) of a hand-written version. */
export function handEntry(version: string, experimentId = "logreg-none-l2"): VersionEntry {
  return {
    version,
    experimentId,
    createdAt: "2026-01-01T12:00:00.000Z",
    threshold: 0.3,
    refit: false,
    note: null,
    actor: "test",
    validation: { averagePrecision: 0.3, rocAuc: 0.7, f03: 0.25 },
    test: { averagePrecision: 0.28, rocAuc: 0.69, precision: 0.4, recall: 0.2, f03: 0.3 },
  };
}

/** Writes version folders (model.json + metadata.json) and a registry.json naming them, the last one active unless told. */
export function writeHandRegistry(registryDir: string, versions: string[], active: string | null = versions[versions.length - 1] ?? null): RegistryIndex {
  fs.mkdirSync(registryDir, { recursive: true });
  for (const version of versions) {
    fs.mkdirSync(path.join(registryDir, version), { recursive: true });
    fs.writeFileSync(path.join(registryDir, version, "model.json"), JSON.stringify(handModel(version)));
    fs.writeFileSync(path.join(registryDir, version, "metadata.json"), JSON.stringify(handEntry(version)));
  }
  const index: RegistryIndex = { format: "pushlab-registry-v1", active, versions: versions.map((v) => handEntry(v)) };
  fs.writeFileSync(indexFile(registryDir), JSON.stringify(index));
  return index;
}
