import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { MMAP_THRESHOLD_TUNABLE, runEnvironment, withMallocTunables } from "../../../lib/experiments/queue/run-environment";

describe("the environment of a run the app starts", () => {
  it("adds the mmap threshold to an environment without GLIBC_TUNABLES, and sets the workspace", () => {
    const env = runEnvironment({ PATH: "/usr/bin", PUSHLAB_HOME: "/elsewhere" }, "/home/ws");
    expect(env).toEqual({ PATH: "/usr/bin", PUSHLAB_HOME: "/home/ws", GLIBC_TUNABLES: MMAP_THRESHOLD_TUNABLE });
  });

  it("keeps the user's other tunables and appends it after them", () => {
    expect(withMallocTunables({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" }).GLIBC_TUNABLES).toBe(`glibc.malloc.arena_max=2:${MMAP_THRESHOLD_TUNABLE}`);
  });

  it("never overrides a threshold the user set", () => {
    const env = { GLIBC_TUNABLES: "glibc.malloc.trim_threshold=1:glibc.malloc.mmap_threshold=65536" };
    expect(withMallocTunables(env)).toBe(env);
  });

  it("does not change the caller's environment", () => {
    const env: Record<string, string> = { PATH: "/usr/bin" };
    runEnvironment(env, "/home/ws");
    expect(env).toEqual({ PATH: "/usr/bin" });
  });

  it("is accepted by the runtime: a node child with it starts and sees it", () => {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(process.env.GLIBC_TUNABLES)"], { env: runEnvironment(process.env, "/tmp"), encoding: "utf8" });
    expect(child.status).toBe(0);
    expect(child.stdout).toContain(MMAP_THRESHOLD_TUNABLE);
  });
});
