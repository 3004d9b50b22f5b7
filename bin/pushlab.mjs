#!/usr/bin/env node
// The pushlab CLI. Its code is TypeScript shared with the app (lib/), run through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../scripts/cli/main.ts");
process.exitCode = await main(process.argv);
