// A tiny static server for the browser runs and bench/startup-browser.mjs: the installed
// package under /pkg/, the shared flow and the test pages, each with its real MIME type
// (`.wasm` as application/wasm) and, when asked, a Content-Security-Policy response header
// on every answer (pages, modules, the .wasm, worker scripts).

import { createReadStream, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** The strict policy of the CSP runs; `'wasm-unsafe-eval'` is the one addition the package needs. */
export function strictCsp(connectOrigins) {
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src ${connectOrigins.join(' ')}`;
}

/** A 1x1 transparent icon, so no page logs a favicon 404. */
const FAVICON = Buffer.from(
  'AAABAAEAAQEAAAEAIAAwAAAAFgAAACgAAAABAAAAAgAAAAEAIAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
  'base64',
);

/**
 * Resolves a package.json `exports` target for the given conditions (in the map's own key
 * order, as Node and bundlers do); `undefined` when none matches.
 */
export function resolveExport(target, conditions) {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveExport(t, conditions);
      if (r) return r;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [key, value] of Object.entries(target)) {
      if (key === 'default' || conditions.includes(key)) {
        const r = resolveExport(value, conditions);
        if (r) return r;
      }
    }
  }
  return undefined;
}

/** The package's browser entry, read from its package.json `exports` (`"."`, conditions browser + import). */
export function browserEntry(packageDir) {
  const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const exp = pkg.exports;
  const root = typeof exp === 'object' && exp !== null && !Array.isArray(exp) && '.' in exp ? exp['.'] : exp;
  const entry = resolveExport(root, ['browser', 'import']);
  if (!entry) throw new Error(`${packageDir}/package.json: no browser entry in exports`);
  return entry.replace(/^\.\//, '');
}

/**
 * Starts the server on a free loopback port.
 * @param {{ packageDir: string, csp?: string, extraFiles?: Record<string, string> }} options
 *   `packageDir` (the installed package) is served at /pkg/; tests/runtimes/page/ at /;
 *   tests/runtimes/flow.mjs at /flow.mjs; `extraFiles` maps more URL paths to files.
 * @returns {Promise<{ url: string, close: () => Promise<void>, served: string[] }>}
 */
export async function startStaticServer({ packageDir, csp, extraFiles = {} }) {
  const files = { '/flow.mjs': path.join(HERE, 'flow.mjs'), ...extraFiles };
  const served = [];
  const server = http.createServer((req, res) => {
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (csp) headers['content-security-policy'] = csp;
    const send = (status, type, body) => {
      res.writeHead(status, { ...headers, 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed');
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    served.push(pathname);
    if (pathname === '/favicon.ico') return send(200, MIME['.ico'], FAVICON);
    let file;
    if (files[pathname]) file = files[pathname];
    else if (pathname.startsWith('/pkg/')) file = path.join(packageDir, decodeURIComponent(pathname.slice(5)));
    else file = path.join(HERE, 'page', decodeURIComponent(pathname.slice(1)) || 'index.html');
    const base = pathname.startsWith('/pkg/') ? packageDir : path.join(HERE, 'page');
    if (!files[pathname] && !path.resolve(file).startsWith(path.resolve(base) + path.sep)) {
      return send(403, 'text/plain', 'outside the served directory');
    }
    let size;
    try {
      const st = statSync(file);
      if (!st.isFile()) return send(404, 'text/plain', 'not found');
      size = st.size;
    } catch {
      return send(404, 'text/plain', 'not found');
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { ...headers, 'content-type': type, 'content-length': size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export { ROOT };
