// The test page: reads its run from the URL fragment (mode, the package entry the runner
// read from the package's `exports`, the emulator URL, token and user), runs the shared
// flow in the page (modes page, csp) or in a module Worker (worker, csp-worker), and
// leaves the outcome in `window.__pcl` for the driver to read. Under a CSP, the scope that
// ran the flow then probes that the policy is enforced.
import { capture, cspProbe, scopeName } from './capture.mjs';

const state = { done: false, mode: '', scope: '', results: null, errors: [], cspProbeBlocked: null };
window.__pcl = state;
capture(window, state.errors);

const params = new URLSearchParams(location.hash.slice(1));
const mode = params.get('mode') ?? 'page';
const entry = params.get('entry') ?? '';
const config = { baseUrl: params.get('baseUrl'), token: params.get('token'), user: params.get('user') };
const probeUrl = mode.startsWith('csp') ? params.get('probeUrl') : null;
state.mode = mode;

function inWorker() {
  return new Promise((resolve) => {
    const worker = new Worker('/worker.mjs', { type: 'module' });
    worker.addEventListener('error', (e) => {
      state.errors.push(`worker error: ${e.message ?? 'failed to load /worker.mjs'}`);
      resolve({ results: [], errors: [], scope: 'worker failed', cspProbeBlocked: null });
    });
    worker.addEventListener('message', (e) => resolve(e.data));
    worker.postMessage({ entry, config, probeUrl });
  });
}

try {
  if (mode.endsWith('worker')) {
    const out = await inWorker();
    state.results = out.results;
    state.scope = out.scope;
    state.cspProbeBlocked = out.cspProbeBlocked;
    state.errors.push(...out.errors);
  } else {
    const pcl = await import(entry);
    const { runFlow } = await import('/flow.mjs');
    state.results = await runFlow(pcl, config);
    state.scope = scopeName(window);
    if (probeUrl) state.cspProbeBlocked = await cspProbe(probeUrl);
  }
} catch (e) {
  state.errors.push(`page failed: ${e?.stack ?? e}`);
}
document.getElementById('status').textContent = 'done';
state.done = true;
