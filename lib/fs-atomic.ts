import writeFileAtomic from "write-file-atomic";

/**
 * Atomic file writes (temp file in the same folder, fsync, rename) through write-file-atomic, so a
 * crash never leaves a half-written file where a reader expects a whole one.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  writeFileAtomic.sync(file, typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), { fsync: true });
}

export async function writeFileAtomicAsync(file: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomic(file, typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), { fsync: true });
}

export function writeJsonAtomicSync(file: string, value: unknown): void {
  writeFileAtomicSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
