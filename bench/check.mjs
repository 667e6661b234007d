// The shape check alone: `Call.response` (body into wasm memory + the core's one-pass check)
// on a body file (and, since the seventh round, the ASCII text of a non-ASCII body), for one or more builds of the .wasm interleaved in one process, beside
// `TextDecoder` + `JSON.parse` of the same bytes. Median and minimum µs per body over rounds.
//   node bench/check.mjs --body FILE [--op 0|1] [--wasm A.wasm [--glue A.js] --wasm B.wasm ...]
// Bodies: `GET .../users/{u}/licenses` (op 0, the default) or `.../subscribedskus` (op 1).
// The glue is wasm-bindgen's (target/wasm-pkg/pcl_client/pcl_client.js, written by
// scripts/build-pkg.sh); each .wasm must export what that glue calls for these steps.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const argv = process.argv.slice(2);
const many = (flag) => argv.flatMap((a, i) => (a === flag ? [argv[i + 1]] : []));
const bodyFile = many('--body')[0];
if (!bodyFile) throw new Error('usage: node bench/check.mjs --body FILE [--op 0|1] [--wasm A.wasm ...]');
const op = Number(many('--op')[0] ?? 0);
const wasms = many('--wasm');
if (wasms.length === 0) wasms.push(path.join(ROOT, 'pkg/dist/pcl_client_bg.wasm'));
// `--glue G` after a `--wasm` gives that build its own glue (a build whose exports differ).
const glues = argv.flatMap((a, i) => (a === '--wasm' ? [argv[i + 2] === '--glue' ? argv[i + 3] : undefined] : []));
const glue = path.join(ROOT, 'target/wasm-pkg/pcl_client/pcl_client.js');
const body = new Uint8Array(readFileSync(bodyFile));
const CUSTOMER = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';

const runs = [];
for (const [i, file] of wasms.entries()) {
  const { initSync, Core } = await import(`${path.resolve(glues[i] ?? glue)}?${i}`); // one module instance per build
  initSync({ module: readFileSync(file) });
  const core = Core.open(JSON.stringify({ baseUrl: 'http://127.0.0.1:9' }), 'string', 'x'.repeat(1200), 'undefined');
  const call = core.start(op, CUSTOMER, op === 0 ? 'ada@contoso.onmicrosoft.com' : undefined, 'null', true, new Uint8Array(32), Date.now());
  call.admit(Date.now());
  call.request(undefined);
  runs.push({
    label: file,
    once: () => {
      // '' or, for a body with non-ASCII characters, its ASCII text after a space (seventh round).
      const reply = call.response(200, body, body.length, 'a', 'b', undefined, 0, 1);
      if (reply !== '' && reply.charCodeAt(0) !== 32) throw new Error(`${file} refused the body`);
    },
  });
}
const decoder = new TextDecoder();
runs.push({ label: 'TextDecoder + JSON.parse', once: () => JSON.parse(decoder.decode(body)) });

const big = body.length > 1e6;
const [perRound, rounds] = big ? [3, 7] : [300, 15];
const times = runs.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let j = 0; j < runs.length; j++) {
    const k = (r + j) % runs.length; // rotate the order every round
    const t = performance.now();
    for (let i = 0; i < perRound; i++) runs[k].once();
    times[k].push(((performance.now() - t) * 1000) / perRound);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`body ${body.length} B, ${rounds} rounds of ${perRound}`);
runs.forEach((run, i) => console.log(`${run.label.padEnd(48)} median ${median(times[i]).toFixed(1)} µs  min ${Math.min(...times[i]).toFixed(1)} µs`));
