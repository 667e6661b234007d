import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, rawHeaders, now, median, SEED, ROOT } from './lib.mjs';
const emu = await startEmulator();
const token = await emu.token();
const url = `${emu.url}/v1/customers/${SEED.contoso}/users/${SEED.grace}/licenses`;
const { initSync, Core } = await import(path.join(ROOT, 'target/wasm-pkg/pcl_client/pcl_client.js'));
initSync({ module: readFileSync(path.join(ROOT, 'pkg/dist/pcl_client_bg.wasm')) });
const core = Core.open(JSON.stringify({ baseUrl: emu.url }), 'string', token, 'undefined');
const random = new Uint8Array(32);
const bare = async () => JSON.parse(await (await fetch(url, { headers: rawHeaders(token) })).text());
const trips = {
  'bare': bare,
  '+ start/free': async () => { const c = core.start(0, SEED.contoso, SEED.grace, 'null', true, random, Date.now()); const v = await bare(); c.free(); return v; },
  '+ start/admit/request/free': async () => { const c = core.start(0, SEED.contoso, SEED.grace, 'null', true, random, Date.now()); c.admit(Date.now()); JSON.parse(c.request(undefined)); const v = await bare(); c.free(); return v; },
  '+ same, free before fetch': async () => { const c = core.start(0, SEED.contoso, SEED.grace, 'null', true, random, Date.now()); c.admit(Date.now()); JSON.parse(c.request(undefined)); c.free(); return bare(); },
  '+ JSON work only': async () => { JSON.parse(JSON.stringify({ a: rawHeaders(token), url })); return bare(); },
};
const keys = Object.keys(trips);
for (let i = 0; i < 300; i++) for (const k of keys) await trips[k]();
const p50s = Object.fromEntries(keys.map((k) => [k, []]));
for (let r = 0; r < 5; r++) {
  const t = Object.fromEntries(keys.map((k) => [k, []]));
  for (let i = 0; i < 800; i++) for (let j = 0; j < keys.length; j++) { const k = keys[(i + j) % keys.length]; const t0 = now(); await trips[k](); t[k].push(now() - t0); }
  for (const k of keys) p50s[k].push(median(t[k]));
}
for (const k of keys) console.log(k.padEnd(30), (median(p50s[k]) * 1000).toFixed(0), 'µs', p50s[k].map((x) => (x * 1000).toFixed(0)).join(' '));
await emu.stop();
