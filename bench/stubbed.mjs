// The client's own CPU cost per call, with no network: `globalThis.fetch` replaced by a stub
// that answers every request with a new `Response` of the real `listLicenses` body (as undici
// builds one), so the package's `listLicenses` and the raw `fetch` + `text()` + `JSON.parse`
// differ only by what the package adds. Interleaved in rounds (rotating order), medians.
// `--b DIR`: a second build beside the first (`--a DIR`, default pkg/), rotating with both.
// `--token-length N`: a longer token. `--user ID`: another user's licenses (e.g. an unlicensed one's 68-byte body: the fixed cost).
//   node bench/stubbed.mjs [--user ID] [--iterations N] [--rounds R] [--a DIR --b DIR]   (PCL_PKG_DIR: another build)
import path from 'node:path';
import { args, loadPackage, startEmulator, rawHeaders, rawGetJson, median, SEED } from './lib.mjs';

const opt = args({ iterations: 4000, rounds: 7, a: '', b: '', user: SEED.grace, tokenLength: 0 });
const emu = await startEmulator();
const real = await emu.token();
// `--token-length N`: a token of N characters (Entra ID's are ~1.5-2.5 KB; the emulator's 38).
const token = opt.tokenLength > 0 ? real.padEnd(opt.tokenLength, 'x') : real;
const base = emu.url;
const url = `${base}/v1/customers/${SEED.contoso}/users/${opt.user}/licenses`;
const first = await fetch(url, { headers: rawHeaders(real) });
const body = new Uint8Array(await first.arrayBuffer());
const head = [...first.headers];
await emu.stop();
globalThis.fetch = async (u, init) => {
  if (init?.headers === undefined) throw new Error('no headers');
  return new Response(body, { status: 200, headers: head });
};
const clientOf = async (dir) => new (await loadPackage(dir ? path.resolve(dir) : undefined)).LicenseClient({ baseUrl: base, token });
const client = await clientOf(opt.a);
const fns = {
  raw: () => rawGetJson(url, token),
  package: () => client.listLicenses(SEED.contoso, opt.user),
};
const other = opt.b ? await clientOf(opt.b) : null;
if (other !== null) fns.b = () => other.listLicenses(SEED.contoso, opt.user);
const keys = Object.keys(fns);
for (let i = 0; i < 2000; i++) for (const k of keys) await fns[k]();
const per = Object.fromEntries(keys.map((k) => [k, []]));
for (let r = 0; r < opt.rounds; r++) {
  for (let j = 0; j < keys.length; j++) {
    const k = keys[(r + j) % keys.length];
    const t = process.cpuUsage();
    for (let i = 0; i < opt.iterations; i++) await fns[k]();
    const d = process.cpuUsage(t);
    per[k].push((d.user + d.system) / opt.iterations);
  }
}
const m = Object.fromEntries(keys.map((k) => [k, median(per[k])]));
console.log(`stubbed fetch, body ${body.length} B, CPU µs per call (process.cpuUsage: time the process was not running is left out; median of ${opt.rounds} rounds of ${opt.iterations}): raw ${m.raw.toFixed(1)} [${Math.min(...per.raw).toFixed(1)}–${Math.max(...per.raw).toFixed(1)}], package ${m.package.toFixed(1)} [${Math.min(...per.package).toFixed(1)}–${Math.max(...per.package).toFixed(1)}], added ${(m.package - m.raw).toFixed(1)} µs`);
if (other !== null) console.log(`build B ${m.b.toFixed(1)} [${Math.min(...per.b).toFixed(1)}–${Math.max(...per.b).toFixed(1)}], added ${(m.b - m.raw).toFixed(1)} µs (B − A ${(m.b - m.package).toFixed(1)} µs)`);
client.free();
other?.free();
