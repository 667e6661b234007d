// The test page: reads its run from the URL fragment (mode, the package entry the runner
// read from the package's `exports`, the emulator URL, token and user), runs the shared
// flow in the page or in a module Worker, and leaves the outcome in `window.__pcl` for
// the driver to read.
import { capture, scopeName } from './capture.mjs';

const state = { done: false, mode: '', scope: '', results: null, errors: [], cspProbeBlocked: null };
window.__pcl = state;
capture(window, state.errors);

const params = new URLSearchParams(location.hash.slice(1));
const mode = params.get('mode') ?? 'page';
const entry = params.get('entry') ?? '';
const config = { baseUrl: params.get('baseUrl'), token: params.get('token'), user: params.get('user') };
state.mode = mode;

function inWorker() {
  return new Promise((resolve) => {
    const worker = new Worker('/worker.mjs', { type: 'module' });
    worker.addEventListener('error', (e) => {
      state.errors.push(`worker error: ${e.message ?? 'failed to load /worker.mjs'}`);
      resolve({ results: [], errors: [], scope: 'worker failed' });
    });
    worker.addEventListener('message', (e) => resolve(e.data));
    worker.postMessage({ entry, config });
  });
}

/** Under the CSP, an image from another origin must be refused (proves the policy is enforced). */
function cspProbe() {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 3000);
    document.addEventListener('securitypolicyviolation', (e) => {
      if (String(e.blockedURI).includes('csp-probe')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    const img = document.createElement('img');
    img.src = `${config.baseUrl}/csp-probe.png`;
    document.body.append(img);
  });
}

try {
  if (mode === 'worker') {
    const out = await inWorker();
    state.results = out.results;
    state.scope = out.scope;
    state.errors.push(...out.errors);
  } else {
    const pcl = await import(entry);
    const { runFlow } = await import('/flow.mjs');
    state.results = await runFlow(pcl, config);
    state.scope = scopeName(window);
  }
  if (mode === 'csp') state.cspProbeBlocked = await cspProbe();
} catch (e) {
  state.errors.push(`page failed: ${e?.stack ?? e}`);
}
document.getElementById('status').textContent = 'done';
state.done = true;
