/**
 * The environment of a run the app starts (`pushlab run` as a child process).
 *
 * glibc's malloc raises its mmap threshold as large blocks are freed (up to 32 MB), after which the
 * typed arrays of a large run (per-evaluation rankings and curves, the fits' scores) come from the
 * threads' heaps and stay resident once freed: at ten times the real file the 17-configuration run's
 * peak crept from group to group. A fixed threshold of 128 KiB maps every large block on its own,
 * so a freed block goes back to the system at once, and the peak stayed at the first group's
 * (bench/README.md, "Scale"). glibc reads the tunable when a process starts, so it is set for the child.
 */
export const MMAP_THRESHOLD_TUNABLE = "glibc.malloc.mmap_threshold=131072";

type Environment = Record<string, string | undefined>;

/** `env` with the mmap threshold added to GLIBC_TUNABLES, unless the user set one. */
export function withMallocTunables<E extends Environment>(env: E): E {
  const current = env.GLIBC_TUNABLES ?? "";
  if (current.split(":").some((tunable) => tunable.startsWith("glibc.malloc.mmap_threshold="))) return env;
  return { ...env, GLIBC_TUNABLES: current ? `${current}:${MMAP_THRESHOLD_TUNABLE}` : MMAP_THRESHOLD_TUNABLE };
}

/** The environment of a run of workspace `home`. */
export function runEnvironment<E extends Environment>(env: E, home: string): E & { PUSHLAB_HOME: string } {
  return { ...withMallocTunables(env), PUSHLAB_HOME: home };
}
