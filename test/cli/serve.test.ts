import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { buildIsStale } from "../../scripts/cli/app-build";
import { resolveListen } from "../../scripts/cli/commands/serve";
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

describe("resolveListen", () => {
  it("takes PORT and HOSTNAME from the environment, --port and --hostname win, localhost:3000 otherwise", () => {
    expect(resolveListen({}, {})).toEqual({ port: 3000, hostname: "localhost" });
    expect(resolveListen({}, { PORT: "3123" })).toEqual({ port: 3123, hostname: "localhost" });
    expect(resolveListen({}, { PORT: "3123", HOSTNAME: "0.0.0.0" })).toEqual({ port: 3123, hostname: "0.0.0.0" });
    expect(resolveListen({ port: 4000 }, { PORT: "3123" })).toEqual({ port: 4000, hostname: "localhost" });
    expect(resolveListen({ hostname: "127.0.0.1" }, { HOSTNAME: "0.0.0.0" })).toEqual({ port: 3000, hostname: "127.0.0.1" });
    expect(resolveListen({}, { PORT: "", HOSTNAME: "" })).toEqual({ port: 3000, hostname: "localhost" });
  });

  it("rejects a PORT that is not a port number with a one-line message, unless --port overrides it", () => {
    for (const bad of ["abc", "0", "-1", "70000", "80.5"]) expect(() => resolveListen({}, { PORT: bad })).toThrow(`PORT must be a port number (1–65535), got '${bad}'`);
    expect(() => resolveListen({ port: 70000 }, {})).toThrow("--port must be a port number (1–65535), got '70000'");
    expect(resolveListen({ port: 8080 }, { PORT: "abc" }).port).toBe(8080);
  });
});
