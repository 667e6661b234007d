// The three browser engines behind one small interface:
//   const b = await launchBrowser('chromium' | 'firefox' | 'webkit');
//   const { state, consoleLines } = await b.run(url);   // state: the page's window.__pcl
//   await b.close();
// Chromium: playwright-core + Debian's /usr/bin/chromium. Firefox: puppeteer-core over
// WebDriver BiDi + Debian's firefox-esr. WebKit: selenium-webdriver + WebKitGTK's
// WebKitWebDriver and MiniBrowser under an Xvfb display started here (and stopped on close).
// `consoleLines` are the browser's own console errors and warnings as the driver reports
// them ("Failed to load resource...", CSP refusals); the page adds its own in state.errors.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const RUN_TIMEOUT_MS = 30_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `read()` until it returns a state with `done`. */
async function waitDone(read, what) {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const state = await read();
    if (state?.done) return state;
    if (Date.now() > deadline) throw new Error(`${what}: the page did not finish within ${RUN_TIMEOUT_MS} ms (${JSON.stringify(state)})`);
    await sleep(100);
  }
}

async function chromium() {
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return {
    version: browser.version(),
    raw: browser,
    async run(url) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const consoleLines = [];
      const onConsole = (where) => (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') consoleLines.push(`${where} ${msg.type()}: ${msg.text()}`);
      };
      page.on('console', onConsole('page'));
      page.on('pageerror', (e) => consoleLines.push(`page uncaught: ${e.message}`));
      page.on('worker', (w) => w.on('console', onConsole('worker')));
      try {
        await page.goto(url);
        const state = await waitDone(() => page.evaluate(() => globalThis.__pcl), 'chromium');
        return { state, consoleLines };
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}

async function firefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    protocol: 'webDriverBiDi',
  });
  return {
    version: await browser.version(),
    async run(url) {
      const page = await browser.newPage();
      const consoleLines = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warn' || msg.type() === 'warning') consoleLines.push(`${msg.type()}: ${msg.text()}`);
      });
      page.on('pageerror', (e) => consoleLines.push(`uncaught: ${e.message ?? e}`));
      try {
        await page.goto(url);
        const state = await waitDone(() => page.evaluate(() => globalThis.__pcl), 'firefox');
        return { state, consoleLines };
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `cmd` and resolves once `ready()` holds; rejects if it exits first. */
async function startProcess(cmd, args, env, ready, what) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 15_000;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} did not start: ${stderr}`);
    }
    await sleep(100);
  }
  return child;
}

function stopProcess(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

async function webkit() {
  for (const bin of ['/usr/bin/Xvfb', '/usr/bin/WebKitWebDriver', MINIBROWSER]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: apt-get install -y webkit2gtk-driver xvfb (scripts/setup.sh)`);
  }
  let display = 90 + Math.floor(Math.random() * 400);
  while (existsSync(`/tmp/.X11-unix/X${display}`) || existsSync(`/tmp/.X${display}-lock`)) display += 1;
  const xvfb = await startProcess('Xvfb', [`:${display}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {},
    async () => existsSync(`/tmp/.X11-unix/X${display}`), 'Xvfb');
  const port = await freePort();
  let driverProc;
  try {
    driverProc = await startProcess('WebKitWebDriver', [`--port=${port}`], { DISPLAY: `:${display}` },
      async () => fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false), 'WebKitWebDriver');
  } catch (e) {
    await stopProcess(xvfb);
    throw e;
  }
  const { Builder } = await import('selenium-webdriver');
  let driver;
  try {
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      })
      .build();
  } catch (e) {
    await stopProcess(driverProc);
    await stopProcess(xvfb);
    throw e;
  }
  const caps = await driver.getCapabilities();
  return {
    version: `${caps.get('browserName')} ${caps.get('browserVersion')}`,
    async run(url) {
      // A fresh document per run: about:blank first, so the fragment-only change of the
      // next URL is a real navigation.
      await driver.get('about:blank');
      await driver.get(url);
      const state = await waitDone(() => driver.executeScript('return globalThis.__pcl ?? null;'), 'webkit');
      return { state, consoleLines: [] };
    },
    async close() {
      await driver.quit().catch(() => {});
      await stopProcess(driverProc);
      await stopProcess(xvfb);
    },
  };
}

/** Launches one engine; see the top of this file. */
export function launchBrowser(name) {
  if (name === 'chromium') return chromium();
  if (name === 'firefox') return firefox();
  if (name === 'webkit') return webkit();
  throw new Error(`unknown browser ${name}`);
}

/** Whether WebKit's driver can report console lines (it cannot: only the page's own capture counts). */
export const DRIVER_CONSOLE = { chromium: true, firefox: true, webkit: false };
