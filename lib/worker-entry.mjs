// The one worker-thread entry, in plain JavaScript: on Node 20 a worker's `--import` hooks are not
// ready when its main module loads, so register tsx here first, then load the TypeScript worker module
// named by startTypeScriptWorker (lib/worker-thread.ts).
import { register } from "tsx/esm/api";

register();
await import(process.argv[2]);
