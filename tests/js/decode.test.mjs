// What a call returns is what `JSON.parse` reads from the body decoded, whichever way the
// driver gets its text: the bytes decoded (an ASCII body, or one the core leaves to the
// decoder), or the core's ASCII text of a body with non-ASCII characters (src/json/ascii.rs;
// docs/benchmarks.md, seventh round). Through the package, against a local server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LicenseClient } from '../../pkg/index.node.mjs';
import { scripted, CUSTOMER, USER, SKU, TOKEN } from './resilience/scripted.mjs';

const enc = new TextEncoder();

/** A licenses body: `name` (text, or bytes) as a plan's displayName, `extra` (bytes) in an unknown field. */
function licenses(name, extra = enc.encode('-')) {
  const parts = ['{"totalCount":1,"items":[{"servicePlans":[{"displayName":"', typeof name === 'string' ? enc.encode(name) : name,
    '","note":"', extra, `","id":"${SKU}"}],"productSku":{"id":"${SKU}","name":"SKU"}}]}`];
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p)));
}

const BODIES = {
  'ASCII': licenses('Exchange Online (Plan 1)'),
  'an en dash': licenses('Information Protection and Governance Analytics – Standard'),
  'two-byte, three-byte and four-byte characters, first and last': licenses('é日本語 Zoë 😀'),
  'line and paragraph separators, a byte-order mark inside': licenses('a\u2028b\u2029c\ufeffd'),
  'escapes beside characters': licenses('\\"é\\u00e9\\n–'),
  'a character after an escaped backslash (left to the decoder)': licenses('\\\\é'),
  'bytes that are not UTF-8 in an unknown field (left to the decoder)': licenses('é', Uint8Array.of(0xff, 0xc3, 0x28)),
};

test('a call returns what JSON.parse reads from the body decoded, for ASCII and non-ASCII bodies', async () => {
  const names = Object.keys(BODIES);
  const server = await scripted((n) => ({ status: 200, body: BODIES[names[(n - 1) % names.length]] }));
  try {
    const client = new LicenseClient({ baseUrl: server.url, token: TOKEN });
    for (const name of names) {
      const got = await client.listLicenses(CUSTOMER, USER);
      assert.deepEqual(got, JSON.parse(new TextDecoder().decode(BODIES[name])), name);
    }
    assert.equal(server.requests.length, names.length);
    client.free();
  } finally {
    await server.close();
  }
});

test('a users page with non-ASCII names reads as JSON.parse of it (the bulk module checks its bytes)', async () => {
  const users = [['Zoë Müller', 'zoe'], ['José – 日本 😀', 'jose'], ['Ada', 'ada']].map(([displayName, u], i) => ({
    id: `b0000000-0000-4000-8000-00000000000${i}`, userPrincipalName: `${u}@contoso.com`, displayName, state: 'active',
  }));
  const body = JSON.stringify({ totalCount: users.length, items: users, links: {}, attributes: { objectType: 'Collection' } });
  const server = await scripted(() => ({ status: 200, body }));
  try {
    const client = new LicenseClient({ baseUrl: server.url, token: TOKEN });
    const got = [];
    for await (const u of client.listUsers(CUSTOMER)) got.push(u);
    assert.deepEqual(got, JSON.parse(body).items);
    client.free();
  } finally {
    await server.close();
  }
});
