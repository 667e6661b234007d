// Decode: a 10,000-SKU `subscribedskus` body (SKUs and service plans copied from the emulator's
// seed catalog, each with a fresh id) served by a local node:http server, read by
// `client.listSubscribedSkus` (the real path of a call: fetch, the core's check, JSON.parse)
// vs `fetch` + `JSON.parse` of the same URL. Both pay the same transfer; the difference is the
// package's decode path. Interleaved; the median time of each and their ratio.
//   node bench/decode.mjs [--url URL --token T] [--skus N] [--iterations N]
import http from 'node:http';
import { args, loadPackage, startEmulator, rawGetJson, interleave, now, median, report, SEED } from './lib.mjs';

const opt = args({ url: '', token: '', skus: 10000, iterations: 9, warmup: 2 });
const emu = opt.url ? null : await startEmulator();
const url = opt.url || emu.url;
const token = opt.token || (await emu.token());

// The seed catalog as the emulator serves it (both license groups).
const seed = await rawGetJson(`${url}/v1/customers/${SEED.contoso}/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2`, token);
const hex = (n, w) => n.toString(16).padStart(w, '0');
const items = [];
for (let i = 0; i < opt.skus; i++) {
  const sku = structuredClone(seed.items[i % seed.items.length]);
  sku.productSku.id = `5c000000-0000-4000-8000-${hex(i, 12)}`;
  sku.productSku.name = `${sku.productSku.name} #${i}`;
  sku.totalUnits = sku.activeUnits = 1000 + (i % 97);
  sku.consumedUnits = i % 89;
  sku.availableUnits = sku.totalUnits - sku.consumedUnits;
  items.push(sku);
}
const body = Buffer.from(JSON.stringify({ totalCount: items.length, items, attributes: { objectType: 'Collection' } }));
console.error(`decode: body of ${items.length} SKUs, ${(body.length / 1048576).toFixed(1)} MiB`);

const server = http.createServer((req, res) => {
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    'MS-RequestId': req.headers['ms-requestid'] ?? '',
    'MS-CorrelationId': req.headers['ms-correlationid'] ?? '',
  });
  res.end(body);
});
server.keepAliveTimeout = 120000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const { LicenseClient } = await loadPackage();
const client = new LicenseClient({ baseUrl: base, token: 'bench-token' });
const viaPackage = () => client.listSubscribedSkus(SEED.contoso);
const viaRaw = () => rawGetJson(`${base}/v1/customers/${SEED.contoso}/subscribedskus`, 'bench-token');

const check = await viaPackage();
if (check.items.length !== opt.skus || check.items[opt.skus - 1].productSku.id !== items[opt.skus - 1].productSku.id) {
  throw new Error('the package did not return the SKUs served');
}
for (let i = 0; i < opt.warmup; i++) { await viaPackage(); await viaRaw(); }

// Pure JSON.parse of the body text, for scale (what the raw side spends beyond the transfer).
const text = body.toString('utf8');
const parseTimes = [];
const [pkg, raw] = await interleave(opt.iterations, viaPackage, viaRaw, () => {
  const t0 = now();
  JSON.parse(text);
  parseTimes.push(now() - t0);
});
const result = {
  figure: 'decode',
  skus: opt.skus, bodyBytes: body.length, iterations: opt.iterations,
  pkgMs: median(pkg), rawMs: median(raw), jsonParseOnlyMs: median(parseTimes),
};
result.ratio = result.pkgMs / result.rawMs;
// The package's decode path beyond the raw side, against JSON.parse alone.
result.extraMs = result.pkgMs - result.rawMs;
console.error(`decode: package ${result.pkgMs.toFixed(1)} ms, fetch+JSON.parse ${result.rawMs.toFixed(1)} ms (JSON.parse alone ${result.jsonParseOnlyMs.toFixed(1)} ms): ratio ${result.ratio.toFixed(3)}`);
report(result);
client.free();
server.close();
await emu?.stop();
