import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { LIBRARY_VERSION, PUSHLAB_VERSION, RESULTS_REVISION } from "../lib/version";

describe("version", () => {
  it("is the package's version, read from package.json", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    expect(PUSHLAB_VERSION).toBe(pkg.version);
    expect(PUSHLAB_VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/); // semver
  });

  it("records the results revision in the library version (stored results compare it to be current)", () => {
    expect(Number.isInteger(RESULTS_REVISION) && RESULTS_REVISION >= 1).toBe(true);
    expect(LIBRARY_VERSION).toBe(`${PUSHLAB_VERSION}+r${RESULTS_REVISION}`);
    // A semver build suffix: the package version and the revision can be read back from it.
    const [, version, revision] = /^(.+)\+r(\d+)$/.exec(LIBRARY_VERSION)!;
    expect([version, Number(revision)]).toEqual([PUSHLAB_VERSION, RESULTS_REVISION]);
  });
});
