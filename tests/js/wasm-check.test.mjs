// The built .wasm's shape check, whose byte scans run on wasm SIMD blocks (src/json/block.rs;
// the native tests run the same scans on words): every byte at every place of a kept string,
// a skipped string and a GUID, across block edges, answered as the rules say: JSON (by
// JSON.parse), UTF-8 where the string is kept (by a fatal TextDecoder; a skipped string's
// bytes are not checked, as in serde_json), a GUID in its 8-4-4-4-12 form; a body taken
// with non-ASCII characters handed back as ASCII text that reads the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PKG = new URL('../../pkg/', import.meta.url);
const GLUE = new URL('../../target/wasm-pkg/pcl_client/pcl_client.js', import.meta.url);
const GUID = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
const GUID_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const enc = new TextEncoder();
const fatal = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder();

const { initSync, Core } = await import(GLUE);
initSync({ module: readFileSync(new URL('dist/pcl_client_bg.wasm', PKG)) });
const core = Core.open(JSON.stringify({ baseUrl: 'http://127.0.0.1:9' }), 'string', 'tok', 'undefined');
const call = core.start(0, '0c39d6d5-c70d-4c55-bc02-f620844f3fd1', 'ada@contoso.com', 'null', true, new Uint8Array(32), Date.now());
call.admit(Date.now());
call.request(undefined);
/**
 * Does the core take `body` as a `listLicenses` answer? A body it takes with non-ASCII
 * characters comes back as ASCII text after a space (src/json/ascii.rs): that text must be
 * ASCII and read as the body decoded does.
 */
const accepts = (body) => {
  const reply = call.response(200, body, body.length, 'a', 'b', undefined, 0, 1);
  if (reply.charCodeAt(0) !== 32) return reply === '';
  assert.match(reply, /^[\x00-\x7f]*$/);
  assert.deepEqual(JSON.parse(reply), JSON.parse(lossy.decode(body)));
  asText += 1;
  return true;
};
let asText = 0;

/** A licenses body with `name` (bytes) as a plan's kept displayName, `skipped` in an unknown field, `id` as the plan id. */
function body({ name = enc.encode('n'), skipped = enc.encode('s'), id = enc.encode(GUID) }) {
  const parts = ['{"totalCount":1,"items":[{"servicePlans":[{"displayName":"', name, '","x":"', skipped, '","id":"', id, `"}],"productSku":{"id":"${GUID}"}}]}`];
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p)));
}
const json = (text) => { try { return JSON.parse(text); } catch { return undefined; } };
const utf8 = (bytes) => { try { return fatal.decode(bytes); } catch { return undefined; } };

/** Each byte of `bytes` at each place of strings 0 to 40 bytes long (filler `a`). */
function* strings(bytes) {
  for (let len = 1; len <= 40; len++) {
    for (let at = 0; at < len; at++) {
      for (const b of bytes) {
        const s = new Uint8Array(len + b.length - 1).fill(0x61);
        s.set(b, at);
        yield s;
      }
    }
  }
}
const EVERY_BYTE = Array.from({ length: 256 }, (_, b) => [b]);
// Characters of 2, 3, 4 bytes, and sequences UTF-8 refuses (overlong, surrogate, beyond U+10FFFF, cut short).
const SEQUENCES = [[0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

test('the built check takes the valid body it is tried on', () => {
  assert.ok(accepts(body({})));
  assert.ok(!accepts(body({ id: enc.encode(GUID.toUpperCase().replace('-', '')) })));
});

test('a kept string: JSON and UTF-8, each byte at each place', () => {
  let n = 0;
  for (const name of strings([...EVERY_BYTE, ...SEQUENCES])) {
    const b = body({ name });
    const want = utf8(b) !== undefined && json(utf8(b)) !== undefined;
    assert.equal(accepts(b), want, `displayName ${Buffer.from(name).toString('hex')}`);
    n++;
  }
  assert.ok(n > 200_000);
  assert.ok(asText > 1_000, `${asText} bodies handed back as ASCII text`);
});

test('a skipped string: JSON only, each byte at each place', () => {
  for (const skipped of strings([...EVERY_BYTE, ...SEQUENCES])) {
    const b = body({ skipped });
    assert.equal(accepts(b), json(lossy.decode(b)) !== undefined, `x ${Buffer.from(skipped).toString('hex')}`);
  }
});

test('a GUID: each byte at each of its 36 places', () => {
  const g = enc.encode(GUID);
  for (let at = 0; at < g.length; at++) {
    for (let byte = 0; byte < 256; byte++) {
      const id = g.slice();
      id[at] = byte;
      const b = body({ id });
      const parsed = utf8(b) === undefined ? undefined : json(utf8(b));
      const want = parsed !== undefined && GUID_FORM.test(parsed.items[0].servicePlans[0].id);
      assert.equal(accepts(b), want, `id ${Buffer.from(id).toString()}`);
    }
  }
  for (const len of [0, 35, 37, 72]) assert.ok(!accepts(body({ id: enc.encode(GUID.repeat(2).slice(0, len)) })));
});
