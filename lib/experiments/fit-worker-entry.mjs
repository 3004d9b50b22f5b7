// Worker-thread entry in plain JavaScript: on Node 20 a worker's `--import` hooks are not ready when
// its main module loads, so register tsx here first, then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./fit-worker.ts");
