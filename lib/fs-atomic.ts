import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/*
 * Atomic file writes: a temp file beside the target, written, fsynced and renamed over it, so a crash
 * never leaves a half-written file where a reader expects a whole one.
 *
 * Hand-written rather than write-file-atomic (used before): its temp file is `FILE.<hash>`, a visible
 * name that nobody removes when the process is SIGKILLed between creating and renaming it, and the
 * crash tests require that no partial file is left visible. Here the temp file is hidden,
 * `.FILE.PID.HEX.tmp`, and every write into a folder first removes the temps there of writers that are
 * no longer running (`pushlab predict` writes its output through writeThroughTemp as well).
 */

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The hidden temp file a write of `target` goes through: `.NAME.PID.HEX.tmp` in the same folder. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Removes the temp files (`.NAME.PID.HEX.tmp`) in `dir` left by writers that were killed mid-write;
 * those of a process that is still running (this one included) are kept. With `onlyFor`, only the
 * temps of that file (for folders that are not the workspace's own, like predict's output folder).
 * A missing folder is fine.
 */
export function removeAbandonedTemps(dir: string, onlyFor?: string): void {
  const prefix = onlyFor === undefined ? "." : `.${path.basename(onlyFor)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = name.startsWith(prefix) ? TEMP_NAME.exec(name) : null;
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** A hidden temp file beside `target`, open for writing, made after removing dead writers' temps. */
class TempFile {
  readonly path: string;
  fd: number | null;

  constructor(
    private readonly target: string,
    onlyTargetTemps: boolean,
  ) {
    removeAbandonedTemps(path.dirname(target), onlyTargetTemps ? target : undefined);
    this.path = tempPathFor(target);
    this.fd = fs.openSync(this.path, "wx");
  }

  /** fsync, close, rename over the target. */
  commit(): void {
    fs.fsyncSync(this.fd!);
    fs.closeSync(this.fd!);
    this.fd = null;
    fs.renameSync(this.path, this.target);
  }

  /** After a failure: close and remove the temp file; the target is untouched. */
  discard(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.path, { force: true });
  }
}

export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const temp = new TempFile(file, false);
  try {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(temp.fd!, bytes, done, bytes.length - done);
    temp.commit();
  } catch (error) {
    temp.discard();
    throw error;
  }
}

/**
 * Writes `target` through a temp file that `write` fills (sync or async, through its descriptor or
 * its path), then commits it like writeFileAtomicSync; on any failure the temp file is removed and the
 * target is untouched. With `onlyTargetTemps`, only the target's own abandoned temps are removed
 * (a folder that is not the workspace's, like predict's output folder).
 */
export async function writeThroughTemp<T>(
  target: string,
  write: (fd: number, temp: string) => T | Promise<T>,
  options: { onlyTargetTemps?: boolean } = {},
): Promise<T> {
  const temp = new TempFile(target, options.onlyTargetTemps === true);
  try {
    const result = await write(temp.fd!, temp.path);
    temp.commit();
    return result;
  } catch (error) {
    temp.discard();
    throw error;
  }
}

export function writeJsonAtomicSync(file: string, value: unknown): void {
  writeFileAtomicSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
