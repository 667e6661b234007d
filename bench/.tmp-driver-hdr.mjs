import { startEmulator, rawHeaders, now, median, SEED } from './lib.mjs';
const emu = await startEmulator();
const token = await emu.token();
const url = `${emu.url}/v1/customers/${SEED.contoso}/users/${SEED.grace}/licenses`;
const parsedHeaders = () => JSON.parse(JSON.stringify(rawHeaders(token)));
const text = JSON.stringify({ method: 'GET', url, headers: rawHeaders(token) });
const trips = {
  'literal headers': async () => JSON.parse(await (await fetch(url, { headers: rawHeaders(token) })).text()),
  'parsed headers': async () => { const h = parsedHeaders(); return JSON.parse(await (await fetch(url, { headers: h })).text()); },
  'literal + method/body': async () => JSON.parse(await (await fetch(url, { method: 'GET', headers: rawHeaders(token), body: undefined })).text()),
  'parsed req (one JSON.parse)': async () => { const r = JSON.parse(text); return JSON.parse(await (await fetch(r.url, { method: r.method, headers: r.headers, body: r.body })).text()); },
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
