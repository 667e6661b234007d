#!/usr/bin/env node
// `npx partner-center-licenses ...`: see `--help`, and docs/bulk.md in the repository.
import { main } from './main.mjs';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
