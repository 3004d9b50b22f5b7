// Worker-thread entry in plain JavaScript (as ../experiments/fit-worker-entry.mjs): register tsx,
// then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./predict-worker.ts");
