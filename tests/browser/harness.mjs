// Shared by the browser tests: start the emulator on an ephemeral port, launch Debian's
// Chromium through playwright-core, and collect every console error of a page.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The release emulator binary (built by scripts/test.d/50-browser.sh or scripts/demo.sh). */
export function emulatorBinary() {
  const target = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
  const bin = path.join(target, 'release', 'partner-center-emulator');
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: run cargo build --release -p partner-center-emulator`);
  }
  return bin;
}

/**
 * Starts the emulator on port 0 and resolves with the URL it prints.
 * `DEMO_URL` in the environment skips the start and uses that server instead.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startEmulator(extraArgs = []) {
  if (process.env.DEMO_URL) return { url: process.env.DEMO_URL.replace(/\/$/, ''), stop: async () => {} };
  const child = spawn(emulatorBinary(), ['--port', '0', '--root', ROOT, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator printed no URL within 15 s:\n${output}`)), 15_000);
    const onData = (chunk) => {
      output += chunk;
      const m = /http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[2]}`);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}) before printing its URL:\n${output}`));
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

/** Launches headless Debian Chromium. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Records console errors and uncaught exceptions of `page`. The browser itself logs
 * "Failed to load resource: ... status of N" for every HTTP error answer; those count as
 * errors too, unless the current step allowed that status with `allowHttpErrors(...)`
 * (the out-of-licenses step provokes a 400, the throttling step 429s).
 */
export function watchConsole(page) {
  const errors = [];
  const allowedSeen = [];
  let allowed = new Set();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const m = /Failed to load resource: the server responded with a status of (\d+)/.exec(text);
    if (m && allowed.has(Number(m[1]))) {
      allowedSeen.push(`${text} (${msg.location().url})`);
      return;
    }
    errors.push(`console.error: ${text} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return {
    errors,
    allowedSeen,
    /** Allows the browser's own "Failed to load resource" line for these statuses, until the next call. */
    allowHttpErrors(...statuses) {
      allowed = new Set(statuses);
    },
  };
}
