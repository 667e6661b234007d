// The one emulator launcher of the JS tests and benchmarks: starts the emulator binary on a
// free port and talks to its admin endpoints (docs/emulator.md): tokens, fault settings,
// the rate limit, state, ledger and reset.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The emulator binary: $PCL_EMULATOR_BIN, else the release build, else the debug one. */
export function emulatorBinary() {
  const candidates = [
    process.env.PCL_EMULATOR_BIN,
    path.join(ROOT, 'target', 'release', 'partner-center-emulator'),
    path.join(ROOT, 'target', 'debug', 'partner-center-emulator'),
  ];
  for (const p of candidates) if (p && existsSync(p)) return p;
  throw new Error('partner-center-emulator is not built: cargo build --release -p partner-center-emulator');
}

/** Starts an emulator; resolves to { url, admin helpers, stop() } once it listens. */
export async function startEmulator(args = []) {
  const child = spawn(emulatorBinary(), ['--port', '0', '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`emulator exited ${code}: ${stderr}`)); });
  });
  child.removeAllListeners('exit');
  const admin = async (method, p, body) => {
    const r = await fetch(url + p, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    child,
    pid: child.pid,
    admin,
    token: async (partner = 'adatum', kind = 'app+user') =>
      (await admin('POST', '/emulator/token', { partner, kind })).accessToken,
    setFaults: (config) => admin('PUT', '/emulator/faults', config),
    faults: () => admin('GET', '/emulator/faults'),
    /** `{ requestsPerSecond, perCustomer, retryAfter }`; the buckets start full. */
    setRateLimit: (config) => admin('PUT', '/emulator/ratelimit', config),
    state: (customer) => admin('GET', `/emulator/state${customer ? `?customer=${customer}` : ''}`),
    ledger: () => admin('GET', '/emulator/ledger'),
    reset: () => admin('POST', '/emulator/reset'),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }),
  };
}
