import { afterAll, beforeAll } from "vitest";
import fs from "node:fs";
import type { PreparedData } from "../../lib/data/dataset";
import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/definition";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";
import { tempDir } from "./feature-frame-csv";

/** Two experiments a registry test selects between: no encoding with L2, frequency encoding with L1 (both C = 0.01). */
export const TWO_SPECS: readonly ExperimentSpec[] = [
  makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
  makeLogisticSpec({ encoding: "frequency", penalty: "l1", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
];

/** A workspace for the tests of one file; ws and data are set before its first test. */
export class RegistryWorkspace {
  ws!: Workspace;
  data!: PreparedData;
  /** The environment that points the CLI at this workspace. */
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly home: string) {
    this.env = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "70", PUSHLAB_SYNTHETIC_SEED: "11" };
  }

  /** Empties the registry, so a test starts from no version. */
  freshRegistry(): void {
    fs.rmSync(this.ws.registryDir, { recursive: true, force: true });
  }
}

/**
 * A temporary workspace on a generated file of 70 orders (seed 11) for the tests of one file: before
 * them it loads the data and runs `prepare` (the experiments to select from); after them it is removed.
 */
export function registryWorkspace(prefix: string, prepare: (ws: Workspace, data: PreparedData) => Promise<unknown>): RegistryWorkspace {
  const fixture = new RegistryWorkspace(tempDir(prefix));
  beforeAll(async () => {
    fixture.ws = resolveWorkspace(fixture.env);
    fixture.data = await loadWorkspaceData(fixture.ws);
    await prepare(fixture.ws, fixture.data);
  }, 120_000);
  afterAll(() => fs.rmSync(fixture.home, { recursive: true, force: true }));
  return fixture;
}
