import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { buildIsStale } from "../../scripts/cli/app-build";
import { tempDir } from "../helpers/feature-frame-csv";

const root = tempDir("pushlab-serve-");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Sets a file's mtime to `seconds` after the epoch (whole seconds: no sub-ms clock races). */
function writeAt(relative: string, seconds: number): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, relative);
  fs.utimesSync(file, seconds, seconds);
}

describe("buildIsStale", () => {
  it("is stale without a build, then whenever an input of the build is newer than it", () => {
    expect(buildIsStale(root)).toBe(true);
    writeAt("app/page.tsx", 1_000);
    writeAt(".next/BUILD_ID", 2_000);
    fs.utimesSync(path.join(root, "app"), 1_000, 1_000);
    expect(buildIsStale(root)).toBe(false);
    // The proxy and the app's tsconfig are inputs of `next build` as much as app/ is.
    for (const input of ["proxy.ts", "tsconfig.app.json", "components/charts/x.tsx", "lib/data/x.ts", "next.config.js"]) {
      writeAt(input, 1_500);
      for (const dir of ["components", "components/charts", "lib", "lib/data"]) if (fs.existsSync(path.join(root, dir))) fs.utimesSync(path.join(root, dir), 1_500, 1_500);
      expect(buildIsStale(root), input).toBe(false);
      writeAt(input, 3_000);
      expect(buildIsStale(root), input).toBe(true);
      writeAt(input, 1_500);
    }
    // Files outside the build's inputs (tests, benchmarks) do not make it stale.
    writeAt("test/x.test.ts", 3_000);
    writeAt("bench/x.mjs", 3_000);
    expect(buildIsStale(root)).toBe(false);
  });
});
