import fs from "node:fs";
import { E2E_HOME } from "../playwright.config";

/** A fresh workspace for every browser-test run. */
export default function globalSetup(): void {
  fs.rmSync(E2E_HOME, { recursive: true, force: true });
}
