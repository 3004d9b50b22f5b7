import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./paths";

const BUILD_INPUTS = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.js", "postcss.config.mjs", "package.json", "tsconfig.json", "tsconfig.app.json"];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when there is no production build or a source file changed after it. */
export function buildIsStale(root = PROJECT_ROOT): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(root, input)) > built);
}
