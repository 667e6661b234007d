// listUsers / getUser through the BUILT package (pkg/index.node.mjs) against a scripted
// server: seek paging over `links.next` (both uri forms, headers copied, the continuation
// token opaque), links refused before the token goes anywhere else, bad input before
// anything is sent, abort, break, a 429 retried with the same continuation token.
//   node --test tests/js/users.test.mjs   (after scripts/build-pkg.sh)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { LicenseClient, PartnerCenterError } from '../../pkg/index.node.mjs';

const C = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const OTHER = '4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04';
const TOKEN = 'SECRET-USERS-TOKEN-7f3a';
const uid = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A server answering `answer(req, n)` (n: 0-based request count); it records every request. */
async function scripted(answer) {
  const seen = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ url: req.url, headers: req.headers });
      const r = answer(req, seen.length - 1);
      if (r === 'hang') return;
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...(r.headers ?? {}) });
      res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** A page of users `from..to`, with `next` as its `links.next` (none when absent). */
const page = (from, to, next) => ({
  totalCount: to - from,
  items: Array.from({ length: to - from }, (_, i) => ({
    id: uid(from + i), userPrincipalName: `u${from + i}@contoso.com`, displayName: `User ${from + i}`, state: 'active',
  })),
  links: next ? { self: { uri: `/customers/${C}/users`, method: 'GET', headers: [] }, next } : {},
  attributes: { objectType: 'Collection' },
});
const next = (uri, token, extra = []) => ({ uri, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: token }, ...extra] });

// Three pages: uri without /v1, then with /v1 as an absolute URL under baseUrl; tokens opaque.
const T1 = 'eyJza2lwIjoyfQ==+/%2F';
const T2 = 'W3sidG9rZW4iOiIrUklEOn4ifV0=';
function threePages(base) {
  return (req) => {
    const t = req.headers['ms-continuationtoken'];
    if (t === undefined) return { body: page(0, 2, next(`/customers/${C}/users?size=2&seekOperation=Next`, T1, [{ key: 'X-Page-Hint', value: 'two' }])) };
    if (t === T1) return { body: page(2, 4, next(`${base}/v1/customers/${C}/users?size=2&seekOperation=Next`, T2)) };
    if (t === T2) return { body: page(4, 5) };
    return { status: 400, body: { code: 1, description: 'unknown token' } };
  };
}

async function withServer(answer, fn) {
  let srv;
  srv = await scripted((req, n) => answer(req, n, srv.url));
  try {
    await fn(srv);
  } finally {
    await srv.close();
  }
}

const client = (url, extra = {}) => new LicenseClient({ baseUrl: url, token: TOKEN, retry: { maxAttempts: 3, baseDelayMs: 1 }, ...extra });

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof PartnerCenterError, `not a PartnerCenterError: ${e}`);
    assert.ok(!JSON.stringify(e).includes(TOKEN) && !e.message.includes(TOKEN), 'token in the error');
    return e;
  }
  assert.fail('did not reject');
}

const drain = async (iterable) => {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
};

test('listUsers follows links.next over 3 pages, both uri forms, every header copied', async () => {
  await withServer((req, n, base) => threePages(base)(req), async (srv) => {
    const events = [];
    const c = client(srv.url, { onEvent: (e) => events.push(e) });
    const users = await drain(c.listUsers(C, { pageSize: 2 }));
    assert.deepEqual(users.map((u) => u.id), [0, 1, 2, 3, 4].map(uid));
    assert.equal(srv.seen.length, 3);
    assert.deepEqual(srv.seen.map((r) => r.url), [
      `/v1/customers/${C}/users?size=2`,
      `/v1/customers/${C}/users?size=2&seekOperation=Next`,
      `/v1/customers/${C}/users?size=2&seekOperation=Next`,
    ]);
    assert.deepEqual(srv.seen.map((r) => r.headers['ms-continuationtoken']), [undefined, T1, T2]);
    assert.equal(srv.seen[1].headers['x-page-hint'], 'two');
    assert.equal(srv.seen[2].headers['x-page-hint'], undefined, 'only the headers of that link');
    for (const r of srv.seen) assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
    // Each page is its own logical call: its own MS-RequestId, its own request/response events.
    assert.equal(new Set(srv.seen.map((r) => r.headers['ms-requestid'])).size, 3);
    assert.equal(events.filter((e) => e.type === 'request').length, 3);
    // pages() gives the pages themselves, and each iteration lists anew.
    const pages = await drain(c.listUsers(C, { pageSize: 2 }).pages());
    assert.deepEqual(pages.map((p) => p.items.length), [2, 2, 1]);
    assert.equal(pages[2].links.next, undefined);
    assert.equal(srv.seen.length, 6);
  });
});

test('the deleted filter is sent as the documented JSON, percent-encoded', async () => {
  await withServer(() => ({ body: page(0, 1) }), async (srv) => {
    await drain(client(srv.url).listUsers(C, { filter: 'deleted' }));
    const url = new URL(srv.seen[0].url, srv.url);
    assert.equal(url.searchParams.get('filter'), '{"Field":"UserState","Value":"Inactive","Operator":"equals"}');
    assert.equal(url.searchParams.get('size'), null);
  });
});

test('a link to another host, customer or path is refused and nothing is sent there', async () => {
  await withServer(() => ({ body: page(0, 1) }), async (elsewhere) => {
    for (const uri of [
      `${elsewhere.url}/v1/customers/${C}/users?seekOperation=Next`,
      `/customers/${OTHER}/users?seekOperation=Next`,
      `/v1/customers/${C}/subscribedskus`,
      `//127.0.0.1:1/v1/customers/${C}/users`,
    ]) {
      await withServer(() => ({ body: page(0, 2, next(uri, 'T')) }), async (srv) => {
        const it = client(srv.url).listUsers(C)[Symbol.asyncIterator]();
        assert.equal((await it.next()).value.id, uid(0));
        assert.equal((await it.next()).value.id, uid(1));
        const e = await rejection(it.next());
        assert.equal(e.kind, 'decode', uri);
        assert.match(e.message, /links\.next uri/);
        assert.equal(srv.seen.length, 1, 'nothing more sent');
      });
    }
    assert.equal(elsewhere.seen.length, 0, 'the other host got nothing (and so never the token)');
  });
});

test('a link header with CR/LF, or one the client sets itself, is refused', async () => {
  for (const [key, value] of [['MS-ContinuationToken', 'a\r\nX-Evil: 1'], ['MS-ContinuationToken', 'a\nb'], ['Authorization', 'Bearer x'], ['MS-RequestId', 'x'], ['Bad Name', 'x']]) {
    await withServer(() => ({ body: page(0, 1, { uri: `/customers/${C}/users?seekOperation=Next`, headers: [{ key, value }] }) }), async (srv) => {
      const e = await rejection(drain(client(srv.url).listUsers(C)));
      assert.equal(e.kind, 'decode', key);
      assert.match(e.message, /header/);
      assert.equal(srv.seen.length, 1);
    });
  }
});

test('bad arguments reject the first next() with invalidInput before anything is sent', async () => {
  await withServer(() => ({ body: page(0, 1) }), async (srv) => {
    const c = client(srv.url);
    for (const [args, field] of [
      [['nope', {}], 'customerId'],
      [[C, { pageSize: 0 }], 'pageSize'],
      [[C, { pageSize: 1001 }], 'pageSize'],
      [[C, { pageSize: 2.5 }], 'pageSize'],
      [[C, { filter: 'active' }], 'filter'],
      [[C, { signal: 'stop' }], 'signal'],
    ]) {
      const list = c.listUsers(...args); // nothing happens until it is read
      const e = await rejection(list[Symbol.asyncIterator]().next());
      assert.equal(e.kind, 'invalidInput');
      assert.equal(e.field, field);
    }
    const e = await rejection(c.getUser(C, 'not a user'));
    assert.equal(e.kind, 'invalidInput');
    assert.equal(e.field, 'userId');
    assert.equal(srv.seen.length, 0);
  });
});

test('an abort mid-listing rejects with aborted and nothing more is sent; break stops fetching', async () => {
  await withServer((req, n, base) => threePages(base)(req), async (srv) => {
    const ac = new AbortController();
    const seen = [];
    const e = await rejection((async () => {
      for await (const u of client(srv.url).listUsers(C, { signal: ac.signal })) {
        seen.push(u.id);
        if (seen.length === 3) ac.abort(); // on page 2, before page 3 is asked for
      }
    })());
    assert.equal(e.kind, 'aborted');
    assert.equal(seen.length, 4, 'the page in hand is read out');
    assert.equal(srv.seen.length, 2);
    // break on page 1: page 2 is never asked for.
    for await (const u of client(srv.url).listUsers(C)) if (u.id === uid(0)) break;
    assert.equal(srv.seen.length, 3);
  });
  // An abort while a page is in flight.
  await withServer((req, n) => (n === 0 ? { body: page(0, 1, next(`/customers/${C}/users`, 'T')) } : 'hang'), async (srv) => {
    const ac = new AbortController();
    const it = client(srv.url).listUsers(C, { signal: ac.signal })[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    setTimeout(() => ac.abort(), 50);
    assert.equal((await rejection(pending)).kind, 'aborted');
    assert.equal(srv.seen.length, 2);
  });
});

test('a 429 on page 2 is retried with the same continuation token and request id', async () => {
  await withServer((req, n, base) => (n === 1
    ? { status: 429, headers: { 'retry-after': '0' }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } }
    : threePages(base)(req)), async (srv) => {
    const users = await drain(client(srv.url).listUsers(C));
    assert.equal(users.length, 5);
    assert.equal(srv.seen.length, 4);
    assert.deepEqual(srv.seen.map((r) => r.headers['ms-continuationtoken']), [undefined, T1, T1, T2]);
    assert.equal(srv.seen[1].headers['ms-requestid'], srv.seen[2].headers['ms-requestid']);
  });
});

test('getUser reads one user; 404 / 60002 is userNotFound', async () => {
  await withServer((req) => (req.url.endsWith(uid(7))
    ? { body: page(7, 8).items[0] }
    : { status: 404, body: { code: 60002, description: 'User not found' } }), async (srv) => {
    const c = client(srv.url);
    const user = await c.getUser(C, uid(7));
    assert.equal(user.userPrincipalName, 'u7@contoso.com');
    assert.equal(srv.seen[0].url, `/v1/customers/${C}/users/${uid(7)}`);
    const e = await rejection(c.getUser(C, 'nobody@contoso.com'));
    assert.equal(e.kind, 'api');
    assert.equal(e.reason, 'userNotFound');
    assert.equal(e.status, 404);
  });
});

// The users' bodies are checked by the bulk module (the client .wasm carries no users model):
// a body that is not one is a decode error like any other endpoint's, retried, with the path,
// the byte and the body's start in its message.
test('a users body that is not the model is a decode error, retried', async () => {
  const bad = { totalCount: 1, items: [{ id: 'nope', userPrincipalName: 'x@contoso.com' }] };
  await withServer((req) => ({ body: req.url.includes('/users/') ? { userPrincipalName: 'x' } : bad }), async (srv) => {
    const c = client(srv.url);
    const e = await rejection(drain(c.listUsers(C)));
    assert.equal(e.kind, 'decode');
    assert.equal(e.status, 200);
    assert.match(e.message, /^could not decode the 200 response: expected a GUID at \$\.items\[0\]\.id \(byte \d+\) \(body starts \{"totalCount":1/);
    assert.match(e.hint, /documented JSON/);
    assert.equal(srv.seen.length, 3, 'retried up to maxAttempts');
    const one = await rejection(c.getUser(C, uid(1)));
    assert.equal(one.kind, 'decode');
    assert.match(one.message, /^could not decode the 200 response: missing field .* at \$\.id \(byte \d+\) \(body starts \{"userPrincipalName":"x"\}\)$/);
    assert.equal(srv.seen.length, 6);
  });
  // A good body on the retry is the result.
  await withServer((req, n) => ({ body: n === 0 ? bad : page(0, 1) }), async (srv) => {
    const users = await drain(client(srv.url).listUsers(C));
    assert.deepEqual(users.map((u) => u.id), [uid(0)]);
    assert.equal(srv.seen.length, 2);
  });
});
