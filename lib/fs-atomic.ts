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
 * no longer running (`pushlab predict` names its output's temp file the same way).
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

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? Buffer.from(data, "utf8") : data;
}

export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  removeAbandonedTemps(path.dirname(file));
  const temp = tempPathFor(file);
  const bytes = bytesOf(data);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, "wx");
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, file);
  } catch (error) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export async function writeFileAtomicAsync(file: string, data: string | Uint8Array): Promise<void> {
  removeAbandonedTemps(path.dirname(file));
  const temp = tempPathFor(file);
  const bytes = bytesOf(data);
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(temp, "wx");
    for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.promises.rename(temp, file);
  } catch (error) {
    if (handle !== null) await handle.close();
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

export function writeJsonAtomicSync(file: string, value: unknown): void {
  writeFileAtomicSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
