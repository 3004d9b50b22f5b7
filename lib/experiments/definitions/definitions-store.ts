import fs from "node:fs";
import path from "node:path";
import { expandDefinition, parseDefinition, type ExperimentSpec } from "./definition";

/** Experiment definitions: the project's experiments/ folder, plus PUSHLAB_HOME/experiments for ones saved from the app. */
export function definitionDirs(projectRoot: string, home: string): string[] {
  return [path.join(projectRoot, "experiments"), path.join(home, "experiments")]; // the second is Workspace.experimentsDir
}

/** Every experiment of every definition file, de-duplicated by id (the first definition wins). */
export function loadExperimentSpecs(dirs: readonly string[]): ExperimentSpec[] {
  const specs = new Map<string, ExperimentSpec>();
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith(".json")).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      for (const spec of expandDefinition(parseDefinition(fs.readFileSync(file, "utf8"), file))) {
        if (!specs.has(spec.id)) specs.set(spec.id, spec);
      }
    }
  }
  return [...specs.values()];
}

/** `--only` patterns: a glob with `*` (e.g. `lr-onehot-*`), otherwise a substring of the id. */
export function matchesPattern(id: string, pattern: string | undefined): boolean {
  if (!pattern) return true;
  if (!pattern.includes("*")) return id.includes(pattern);
  const regex = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return regex.test(id);
}
