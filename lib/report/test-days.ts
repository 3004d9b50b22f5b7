import { readRegistryIndex } from "../registry/index-file";
import type { Workspace } from "../workspace";

/**
 * How often the test days have been looked at, for the report's sentence and `report --json`'s `test`.
 * Today every registry version is one evaluation on the test days (a selection scores them once), so
 * the count comes from the registry index; a ledger of every test evaluation can replace this function's
 * body without changing its callers.
 */
export interface TestDaysUse {
  /** Evaluations on the test days known so far. */
  looks: number;
  /** Where the count comes from. */
  source: "registry versions";
  /** The versions that evaluated them, oldest first. */
  versions: { version: string; experimentId: string; createdAt: string }[];
  active: string | null;
  /** Whether the active version was the first evaluation on the test days (null when none is active). */
  activeWasFirstLook: boolean | null;
}

export function testDaysUse(ws: Workspace): TestDaysUse {
  const index = readRegistryIndex(ws.registryDir);
  const versions = [...index.versions]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.version.localeCompare(b.version))
    .map((v) => ({ version: v.version, experimentId: v.experimentId, createdAt: v.createdAt }));
  return {
    looks: versions.length,
    source: "registry versions",
    versions,
    active: index.active,
    activeWasFirstLook: index.active === null ? null : versions[0]?.version === index.active,
  };
}

/** The report's sentence about the test days, from the count of looks. */
export function describeTestDaysUse(use: TestDaysUse): string {
  if (use.looks === 0) return "The test days have not been evaluated yet: no model has been selected.";
  const times = use.looks === 1 ? "once" : `${use.looks} times`;
  if (use.looks === 1) return `The test days have been evaluated ${times}, for this selection, so their figures are an untouched estimate of what to expect.`;
  return (
    `The test days have been evaluated ${times} (once per registry version)` +
    (use.activeWasFirstLook ? "; the active model was the first of them, so its test figures were not used to choose it." : "; the active model was chosen after earlier looks at them, so its test figures are no longer an untouched estimate.")
  );
}
