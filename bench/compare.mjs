// Two builds of the package side by side in one process (for "what did this change gain"):
// per call, `listLicenses` through build A, build B, a raw fetch + JSON.parse and the same raw
// request under a per-request AbortController + timeout timer (the signal baseline,
// bench/raw.mjs), interleaved (rotating order), then `listSubscribedSkus` of an N-SKU body
// from a local server.
//   cp -r pkg /tmp/pkg-a; (change, rebuild); node bench/compare.mjs --a /tmp/pkg-a --b pkg
import http from 'node:http';
import path from 'node:path';
import { args, loadPackage, startEmulator, rawGetJson, rotate, quantile, median, SEED, ROOT } from './lib.mjs';

const opt = args({ a: '', b: path.join(ROOT, 'pkg'), iterations: 2000, rounds: 3, skus: 10000, decodeIterations: 5 });
const emu = await startEmulator();
try {
  const token = await emu.token();
  const A = new (await loadPackage(path.resolve(opt.a))).LicenseClient({ baseUrl: emu.url, token });
  const B = new (await loadPackage(path.resolve(opt.b))).LicenseClient({ baseUrl: emu.url, token });
  const rawUrl = `${emu.url}/v1/customers/${SEED.contoso}/users/${SEED.grace}/licenses`;
  const fns = {
    a: () => A.listLicenses(SEED.contoso, SEED.grace),
    b: () => B.listLicenses(SEED.contoso, SEED.grace),
    raw: () => rawGetJson(rawUrl, token),
    signal: () => rawGetJson(rawUrl, token, { signal: true }),
  };
  for (let r = 0; r < opt.rounds; r++) {
    const t = await rotate(fns, opt.iterations, r === 0 ? 300 : 0);
    const p = (k, q) => quantile(t[k], q).toFixed(3);
    const over = (k, base) => (quantile(t[k], 0.5) / quantile(t[base], 0.5)).toFixed(3);
    console.log(`per-call round ${r + 1}: p50 A ${p('a', 0.5)} B ${p('b', 0.5)} raw ${p('raw', 0.5)} raw+signal ${p('signal', 0.5)} ms | A/raw ${over('a', 'raw')} B/raw ${over('b', 'raw')} | A/raw+signal ${over('a', 'signal')} B/raw+signal ${over('b', 'signal')} | raw+signal/raw ${over('signal', 'raw')} | p99 A ${p('a', 0.99)} B ${p('b', 0.99)} raw ${p('raw', 0.99)} raw+signal ${p('signal', 0.99)}`);
  }
  // Decode: a big subscribedskus body from a local server.
  const seed = await rawGetJson(`${emu.url}/v1/customers/${SEED.contoso}/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2`, token);
  const items = Array.from({ length: opt.skus }, (_, i) => {
    const s = structuredClone(seed.items[i % seed.items.length]);
    s.productSku.id = `5c000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    return s;
  });
  const body = Buffer.from(JSON.stringify({ totalCount: items.length, items }));
  const server = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length }); res.end(body); });
  server.keepAliveTimeout = 120000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const DA = new (await loadPackage(path.resolve(opt.a))).LicenseClient({ baseUrl: base, token: 't' });
  const DB = new (await loadPackage(path.resolve(opt.b))).LicenseClient({ baseUrl: base, token: 't' });
  const text = body.toString();
  const d = await rotate({
    a: () => DA.listSubscribedSkus(SEED.contoso),
    b: () => DB.listSubscribedSkus(SEED.contoso),
    raw: () => rawGetJson(`${base}/v1/customers/${SEED.contoso}/subscribedskus`, 't'),
    parse: async () => JSON.parse(text),
  }, opt.decodeIterations, 1);
  const m = (k) => median(d[k]);
  const alone = (k) => (m(k) - (m('raw') - m('parse'))) / m('parse');
  console.log(`decode ${opt.skus} SKUs (${(body.length / 1048576).toFixed(1)} MiB): A ${m('a').toFixed(0)} B ${m('b').toFixed(0)} raw ${m('raw').toFixed(0)} JSON.parse ${m('parse').toFixed(0)} ms | decode alone: A ${alone('a').toFixed(2)}× B ${alone('b').toFixed(2)}× JSON.parse`);
  server.close();
} finally {
  await emu.stop();
}
