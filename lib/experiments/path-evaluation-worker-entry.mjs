// Worker-thread entry in plain JavaScript (see fit-worker-entry.mjs): register tsx, then load the worker.
import { register } from "tsx/esm/api";

register();
await import("./path-evaluation-worker.ts");
