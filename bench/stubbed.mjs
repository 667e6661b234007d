// The client's own CPU cost per call, with no network: `globalThis.fetch` replaced by a stub
// that answers every request with a new `Response` of the real `listLicenses` body (as undici
// builds one), so the package's `listLicenses` and the raw `fetch` + `text()` + `JSON.parse`
// differ only by what the package adds. Interleaved in rounds (rotating order), medians.
//   node bench/stubbed.mjs [--iterations N] [--rounds R] [--prof]   (PCL_PKG_DIR: another build)
import { args, loadPackage, startEmulator, rawHeaders, rawGetJson, now, median, SEED } from './lib.mjs';

const opt = args({ iterations: 4000, rounds: 7 });
const emu = await startEmulator();
const token = await emu.token();
const base = emu.url;
const url = `${base}/v1/customers/${SEED.contoso}/users/${SEED.grace}/licenses`;
const real = await fetch(url, { headers: rawHeaders(token) });
const body = new Uint8Array(await real.arrayBuffer());
const head = [...real.headers];
await emu.stop();
globalThis.fetch = async (u, init) => {
  if (init?.headers === undefined) throw new Error('no headers');
  return new Response(body, { status: 200, headers: head });
};
const { LicenseClient } = await loadPackage();
const client = new LicenseClient({ baseUrl: base, token });
const fns = {
  raw: () => rawGetJson(url, token),
  package: () => client.listLicenses(SEED.contoso, SEED.grace),
};
const keys = Object.keys(fns);
for (let i = 0; i < 2000; i++) for (const k of keys) await fns[k]();
const per = Object.fromEntries(keys.map((k) => [k, []]));
for (let r = 0; r < opt.rounds; r++) {
  for (let j = 0; j < keys.length; j++) {
    const k = keys[(r + j) % keys.length];
    const t = now();
    for (let i = 0; i < opt.iterations; i++) await fns[k]();
    per[k].push(((now() - t) * 1000) / opt.iterations);
  }
}
const m = Object.fromEntries(keys.map((k) => [k, median(per[k])]));
console.log(`stubbed fetch, body ${body.length} B, µs per call (median of ${opt.rounds} rounds of ${opt.iterations}): raw ${m.raw.toFixed(1)} [${Math.min(...per.raw).toFixed(1)}–${Math.max(...per.raw).toFixed(1)}], package ${m.package.toFixed(1)} [${Math.min(...per.package).toFixed(1)}–${Math.max(...per.package).toFixed(1)}], added ${(m.package - m.raw).toFixed(1)} µs`);
client.free();
