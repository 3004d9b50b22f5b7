import fs from "node:fs";

/**
 * The records of a folder of JSON files, one per name (`NAME.json`): the names, without the
 * extension, that pass `isValidName`, sorted. Anything else there — temp files of atomic writes,
 * sidecar files, names that could not have been written — is skipped, and a missing folder has none.
 */
export function listJsonNames(dir: string, isValidName: (name: string) => boolean): string[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .filter(isValidName)
    .sort();
}
