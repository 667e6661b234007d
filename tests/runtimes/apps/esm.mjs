// Node ESM, Bun and Deno: import the package by name (the runtime picks the entry from the
// package's `exports`), run the shared flow, print the results as one JSON line.
import * as pcl from 'partner-center-licenses';
import { runFlow } from './flow.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const results = await runFlow(pcl, JSON.parse(args[0]));
const entry = import.meta.resolve('partner-center-licenses');
console.log(JSON.stringify({ entry, results }));
// The flow's slow token provider leaves a 5 s timer behind; do not wait for it.
if (globalThis.Deno) globalThis.Deno.exit(0);
else process.exit(0);
