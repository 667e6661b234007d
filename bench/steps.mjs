// Where the time of one call goes: (1) the driver's steps with no network, each timed alone
// in a loop on the real `listLicenses` body (core.start, admit, request + JSON.parse, the
// attempt's AbortController + timer, response = copy + shape check, TextDecoder + JSON.parse,
// free); (2) variants of the network round trip, interleaved call by call against the
// emulator (rotating order, median of rounds): a bare fetch + text() + JSON.parse, then the
// driver's path rebuilt one step at a time (each variant adds one step), then the package.
//   node bench/steps.mjs [--iterations N] [--rounds R]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { args, loadPackage, startEmulator, rawHeaders, now, median, SEED, ROOT } from './lib.mjs';

const opt = args({ iterations: 1000, rounds: 5, reps: 3000 });
const emu = await startEmulator();
const token = await emu.token();
const url = `${emu.url}/v1/customers/${SEED.contoso}/users/${SEED.grace}/licenses`;
const body = new Uint8Array(await (await fetch(url, { headers: rawHeaders(token) })).arrayBuffer());

// (1) The steps alone, on the wasm-bindgen glue the package bundles.
const { initSync, Core } = await import(path.join(ROOT, 'target/wasm-pkg/pcl_client/pcl_client.js'));
initSync({ module: readFileSync(path.join(ROOT, 'pkg/dist/pcl_client_bg.wasm')) });
const core = Core.open(JSON.stringify({ baseUrl: emu.url }), 'string', token, 'undefined');
const random = new Uint8Array(32);
const decoder = new TextDecoder();
const steps = {
  'core.start + free': () => core.start(0, SEED.contoso, SEED.grace, 'null', true, random, Date.now()).free(),
  'start, admit, request + JSON.parse, free': () => {
    const c = core.start(0, SEED.contoso, SEED.grace, 'null', true, random, Date.now());
    c.admit(Date.now());
    JSON.parse(c.request(undefined));
    c.free();
  },
  'AbortController + setTimeout + clearTimeout': () => {
    const a = new AbortController();
    clearTimeout(setTimeout(() => a.abort(), 30000));
    return a.signal;
  },
  'copy into wasm + shape check (call.response)': (() => {
    const c = core.start(0, SEED.contoso, SEED.grace, 'null', true, random, Date.now());
    c.admit(Date.now());
    c.request(undefined);
    return () => {
      if (c.response(200, body, body.length, 'a', 'b', undefined, 0, 1) !== '') throw new Error('refused');
    };
  })(),
  'TextDecoder + JSON.parse': () => JSON.parse(decoder.decode(body)),
  'Buffer.toString + JSON.parse': () => JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString()),
};
const stepTimes = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
for (let r = 0; r < 9; r++) {
  for (const [k, fn] of Object.entries(steps)) {
    const t = now();
    for (let i = 0; i < opt.reps; i++) fn();
    stepTimes[k].push(((now() - t) * 1000) / opt.reps);
  }
}
console.log(`body ${body.length} B; each step alone, median of 9 rounds of ${opt.reps}:`);
for (const [k, t] of Object.entries(stepTimes)) console.log(`  ${k.padEnd(48)} ${median(t).toFixed(1)} µs`);

// (2) Round trips, interleaved: the driver's path rebuilt step by step on the real fetch,
// each variant adding one step to the one before, then the package itself.
const { LicenseClient } = await loadPackage();
const client = new LicenseClient({ baseUrl: emu.url, token });
const hdr = (h) => [h.get('content-length'), h.get('ms-requestid'), h.get('ms-correlationid'), h.get('retry-after')];
const begin = () => {
  const c = core.start(0, SEED.contoso, SEED.grace, 'null', true, random, Date.now());
  c.admit(Date.now());
  return [c, JSON.parse(c.request(undefined))];
};
const trips = {
  '1 fetch + text + JSON.parse (bare)': async () => {
    const r = await fetch(url, { headers: rawHeaders(token) });
    return JSON.parse(await r.text());
  },
  '2 + AbortController + timer': async () => {
    const a = new AbortController();
    const id = setTimeout(() => a.abort(), 30000);
    const r = await fetch(url, { headers: rawHeaders(token), signal: a.signal });
    const v = JSON.parse(await r.text());
    clearTimeout(id);
    return v;
  },
  '3 + arrayBuffer, TextDecoder, 4 headers read': async () => {
    const a = new AbortController();
    const id = setTimeout(() => a.abort(), 30000);
    const r = await fetch(url, { headers: rawHeaders(token), signal: a.signal });
    hdr(r.headers);
    const v = JSON.parse(decoder.decode(new Uint8Array(await r.arrayBuffer())));
    clearTimeout(id);
    return v;
  },
  '4 + the core\'s request (start, admit, request)': async () => {
    const [c, req] = begin();
    const a = new AbortController();
    const id = setTimeout(() => a.abort(), 30000);
    const r = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: a.signal });
    hdr(r.headers);
    const v = JSON.parse(decoder.decode(new Uint8Array(await r.arrayBuffer())));
    clearTimeout(id);
    c.free();
    return v;
  },
  '5 + the core\'s check (call.response)': async () => {
    const [c, req] = begin();
    const a = new AbortController();
    const id = setTimeout(() => a.abort(), 30000);
    const r = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: a.signal });
    const [len, rid, cid, ra] = hdr(r.headers);
    const bytes = new Uint8Array(await r.arrayBuffer());
    if (c.response(r.status, bytes, Number(len), rid, cid, ra, Date.now(), 1) !== '') throw new Error('refused');
    const v = JSON.parse(decoder.decode(bytes));
    clearTimeout(id);
    c.free();
    return v;
  },
  '6 package listLicenses': () => client.listLicenses(SEED.contoso, SEED.grace),
};
const keys = Object.keys(trips);
for (let i = 0; i < 300; i++) for (const k of keys) await trips[k]();
const p50s = Object.fromEntries(keys.map((k) => [k, []]));
for (let r = 0; r < opt.rounds; r++) {
  const t = Object.fromEntries(keys.map((k) => [k, []]));
  for (let i = 0; i < opt.iterations; i++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(i + j) % keys.length];
      const t0 = now();
      await trips[k]();
      t[k].push(now() - t0);
    }
  }
  for (const k of keys) p50s[k].push(median(t[k]));
}
const bare = median(p50s[keys[0]]);
console.log(`round trips, p50 (median of ${opt.rounds} rounds of ${opt.iterations}, rotating order):`);
for (const k of keys) {
  const m = median(p50s[k]);
  console.log(`  ${k.padEnd(48)} ${(m * 1000).toFixed(0)} µs  (+${((m - bare) * 1000).toFixed(0)} µs, ${(m / bare).toFixed(3)}×) [rounds ${p50s[k].map((x) => (x * 1000).toFixed(0)).join(' ')}]`);
}
client.free();
await emu.stop();
