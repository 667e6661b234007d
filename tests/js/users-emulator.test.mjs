// listUsers through the BUILT package against the emulator: every one of Contoso's 1,206
// active users is visited exactly once, at page sizes 1000 and 37 (the emulator writes
// links.next with and without /v1 in turn, so both forms are followed), and the listing
// equals the active users of GET /emulator/state; the deleted filter lists the deleted ones;
// getUser answers a user and 404s an unknown one.
//   node --test tests/js/users-emulator.test.mjs  (after scripts/build-pkg.sh and
//   cargo build --release -p partner-center-emulator)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LicenseClient, PartnerCenterError } from '../../pkg/index.node.mjs';
import { startEmulator } from './emulator.mjs';

const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';

let emu;
let client;
let state;
before(async () => {
  emu = await startEmulator();
  client = new LicenseClient({ baseUrl: emu.url, token: await emu.token('adatum', 'app+user') });
  state = (await emu.state(CONTOSO)).customers.find((c) => c.id === CONTOSO);
});
after(() => emu?.stop());

for (const pageSize of [1000, 37]) {
  test(`listUsers visits all 1,206 Contoso users exactly once at page size ${pageSize}`, async () => {
    const ids = [];
    let pages = 0;
    let withV1 = 0;
    for await (const page of client.listUsers(CONTOSO, { pageSize }).pages()) {
      pages += 1;
      assert.ok(page.items.length <= pageSize, `a page of ${page.items.length}`);
      const next = page.links?.next;
      if (next) withV1 += next.uri.startsWith('/v1/') ? 1 : 0;
      for (const u of page.items) ids.push(u.id);
    }
    assert.equal(ids.length, 1206);
    assert.equal(new Set(ids).size, 1206, 'nobody twice');
    assert.equal(pages, Math.ceil(1206 / pageSize));
    if (pages > 2) assert.ok(withV1 > 0 && withV1 < pages - 1, 'both uri forms followed');
    const active = state.users.filter((u) => u.state === 'active').map((u) => u.id).sort();
    assert.deepEqual([...ids].sort(), active);
  });
}

test('the deleted filter lists the deleted users; getUser reads one and 404s another', async () => {
  const deleted = [];
  for await (const u of client.listUsers(CONTOSO, { filter: 'deleted', pageSize: 2 })) deleted.push(u);
  const want = state.users.filter((u) => u.state === 'inactive').map((u) => u.id).sort();
  assert.ok(want.length > 0);
  assert.deepEqual(deleted.map((u) => u.id).sort(), want);
  for (const u of deleted) assert.ok(u.softDeletionTime, u.id);
  const one = state.users.find((u) => u.state === 'active');
  const user = await client.getUser(CONTOSO, one.id);
  assert.equal(user.userPrincipalName.toLowerCase(), one.upn.toLowerCase());
  const e = await client.getUser(CONTOSO, '99999999-9999-4999-8999-999999999999').catch((x) => x);
  assert.ok(e instanceof PartnerCenterError);
  assert.equal(e.reason, 'userNotFound');
});
