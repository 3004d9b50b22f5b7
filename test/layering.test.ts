import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The layering rules of the project, read from the import statements of the sources:
 * lib/ is framework-free, components/ never reach into app/, and the CLI's commands import the shared
 * leaf modules of scripts/cli/ but never each other or the entry point (no import cycle).
 */
const ROOT = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g)) specs.push(m[1]);
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) specs.push(m[1]);
  return specs;
}

/** The import as a path relative to the project root (or the bare package name). */
function resolved(file: string, spec: string): string {
  if (spec.startsWith("@/")) return spec.slice(2);
  if (spec.startsWith(".")) return path.normalize(path.join(path.dirname(file), spec));
  return spec;
}

describe("layering", () => {
  it("lib/ imports neither app/, components/, React nor Next", () => {
    const offenders = sourceFiles("lib").flatMap((file) =>
      importsOf(file)
        .map((spec) => resolved(file, spec))
        .filter((target) => /^(app|components)\//.test(target) || /^(react|react-dom|next)(\/|$)/.test(target))
        .map((target) => `${file} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it("components/ never import from app/", () => {
    const offenders = sourceFiles("components").flatMap((file) =>
      importsOf(file)
        .map((spec) => resolved(file, spec))
        .filter((target) => target.startsWith("app/"))
        .map((target) => `${file} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it("no CLI command imports another command or the CLI's entry point", () => {
    const commands = sourceFiles("scripts/cli/commands");
    expect(commands.length).toBeGreaterThan(3);
    const offenders = commands.flatMap((file) =>
      importsOf(file)
        .map((spec) => resolved(file, spec))
        .filter((target) => target.startsWith("scripts/cli/commands/") || target === "scripts/cli/main")
        .map((target) => `${file} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the CLI's shared modules import no command", () => {
    const shared = sourceFiles("scripts/cli").filter((f) => !f.startsWith("scripts/cli/commands/") && f !== "scripts/cli/main.ts");
    const offenders = shared.flatMap((file) =>
      importsOf(file)
        .map((spec) => resolved(file, spec))
        .filter((target) => target.startsWith("scripts/cli/commands/") || target === "scripts/cli/main")
        .map((target) => `${file} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });
});
