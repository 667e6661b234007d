// Starts the emulator binary on a free port for the bulk tests and the reconcile benchmark.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The seed's customer with the 1,200 generated users (docs/emulator.md). */
export const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
export const SKU = {
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  EMS: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  POWER_BI_PRO: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
  MEE_STUDENT: '533b8f26-f74b-4e9c-9c59-50fc4b393b63',
};

/** `user0001@contoso.onmicrosoft.com`... (the seed's generated users, 1-based). */
export const generatedUpn = (n) => `user${String(n).padStart(4, '0')}@contoso.onmicrosoft.com`;

/** The emulator binary: $PCL_EMULATOR, else the release build, else the debug build. */
export function emulatorBinary() {
  const candidates = [
    process.env.PCL_EMULATOR,
    join(ROOT, 'target', 'release', 'partner-center-emulator'),
    join(ROOT, 'target', 'debug', 'partner-center-emulator'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no emulator binary (tried ${candidates.join(', ')}): cargo build --release -p partner-center-emulator`);
  return found;
}

/** Starts an emulator; resolves to `{ url, token(), faults(cfg), stop() }`. */
export async function startEmulator(args = []) {
  const child = spawn(emulatorBinary(), ['--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
  });
  child.stdout.resume();
  const admin = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    admin,
    async token(partner = 'adatum') {
      return (await admin('POST', '/emulator/token', { partner })).accessToken;
    },
    faults: (config) => admin('PUT', '/emulator/faults', config),
    stop() {
      child.kill('SIGINT');
      return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}

/**
 * The 1,000-user desired state used by the tests and the benchmark: every user gets Office
 * 365 E3 (every third without Sway and Yammer), every second Power BI Pro, every fourth EMS
 * E3, and users 1-20 also Minecraft Education Student (Group2).
 */
export function thousandUsers(e3Plans, n = 1000) {
  const sway = e3Plans.find((p) => p.serviceName === 'SWAY').id;
  const yammer = e3Plans.find((p) => p.serviceName === 'YAMMER_ENTERPRISE').id;
  const desired = {};
  for (let i = 1; i <= n; i++) {
    const lics = [{ skuId: SKU.ENTERPRISEPACK, excludedPlans: i % 3 === 0 ? [sway, yammer] : [] }];
    if (i % 2 === 0) lics.push({ skuId: SKU.POWER_BI_PRO });
    if (i % 4 === 0) lics.push({ skuId: SKU.EMS });
    if (i <= 20) lics.push({ skuId: SKU.MEE_STUDENT });
    desired[generatedUpn(i)] = lics;
  }
  return desired;
}
