/**
 * Fault injection for the registry tests: selects a model and SIGKILLs itself at the named step
 * (argv: home, experimentId, step). Run with `node --import tsx`.
 */
import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { activateVersion, selectModel } from "../../lib/registry/registry";
import { resolveWorkspace } from "../../lib/workspace";

const [, , experimentId, step, mode] = process.argv;
const ws = resolveWorkspace();
if (mode === "activate") {
  // Kill while holding the lock, after the index was rewritten.
  await activateVersion(ws.registryDir, experimentId, "test", "kill test");
  process.kill(process.pid, "SIGKILL");
}
const data = await loadWorkspaceData(ws);
await selectModel(ws.registryDir, ws.resultsDir, data, {
  experimentId,
  actor: "test",
  onStep: (s) => {
    if (s === step) process.kill(process.pid, "SIGKILL");
  },
});
