// The module Worker of the worker runs: loads the package's browser entry and the shared
// flow, runs it, and posts the results (and anything that went wrong) to the page.
import { capture, cspProbe, scopeName } from './capture.mjs';

const errors = [];
capture(self, errors);

self.addEventListener('message', async ({ data }) => {
  try {
    const pcl = await import(data.entry);
    const { runFlow } = await import('/flow.mjs');
    const results = await runFlow(pcl, data.config);
    const cspProbeBlocked = data.probeUrl ? await cspProbe(data.probeUrl) : null;
    self.postMessage({ results, errors, scope: scopeName(self), cspProbeBlocked });
  } catch (e) {
    errors.push(`worker failed: ${e?.stack ?? e}`);
    self.postMessage({ results: [], errors, scope: scopeName(self), cspProbeBlocked: null });
  }
});
