// The token examples of docs/tokens.md run, so they cannot rot: examples/refresh-token.mjs,
// copied into a scratch project where `partner-center-licenses` resolves to the built pkg/,
// exchanges a refresh token at the emulator's token endpoint stand-in (POST
// /{tenant}/oauth2/v2.0/token, docs/emulator.md) and lists a user's licenses with the App+User
// token; examples/browser-token.mjs (needs a browser and msal-browser) is syntax-checked.
//   node --test tests/js/examples.test.mjs
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, startEmulator } from './emulator.mjs';

const CONTOSO = '0c39d6d5-c70d-4c55-bc02-f620844f3fd1';
const GRACE = 'grace@contoso.onmicrosoft.com';
let emu;
let dir;

before(async () => {
  emu = await startEmulator();
  dir = await mkdtemp(join(tmpdir(), 'pcl-examples-'));
  await mkdir(join(dir, 'node_modules'));
  await symlink(join(ROOT, 'pkg'), join(dir, 'node_modules', 'partner-center-licenses'), 'dir');
  await copyFile(join(ROOT, 'examples', 'refresh-token.mjs'), join(dir, 'refresh-token.mjs'));
});
after(async () => {
  await emu?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(file, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { cwd: dir, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? err.code : 0, stdout, stderr }),
    );
  });
}

const refreshToken = async (partner = 'adatum') =>
  (await emu.admin('POST', '/emulator/token', { partner, kind: 'refresh' })).refreshToken;

const exampleEnv = (extra) => ({
  PCL_TOKEN_URL: `${emu.url}/adatum/oauth2/v2.0/token`,
  PCL_BASE_URL: emu.url,
  PCL_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
  PCL_CUSTOMER: CONTOSO,
  PCL_USER: GRACE,
  ...extra,
});

test('refresh-token.mjs: refresh token -> App+User token -> the user\'s licenses; the rotated refresh token is kept', async () => {
  const file = join(dir, 'refresh-token.txt');
  const first = await refreshToken();
  await writeFile(file, `${first}\n`);
  const r = await run('refresh-token.mjs', exampleEnv({ PCL_REFRESH_TOKEN_FILE: file }));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\d+ subscribed SKUs; grace@contoso\.onmicrosoft\.com holds 3:$/m);
  assert.match(r.stdout, /^ {2}EMS {2}Enterprise Mobility \+ Security E3$/m);
  assert.doesNotMatch(r.stdout + r.stderr, /pcemu\./, 'no token printed');
  const rotated = (await readFile(file, 'utf8')).trim();
  assert.match(rotated, /^pcemu\./);
  assert.notEqual(rotated, first, 'the rotated refresh token was written back');
  // The next run starts from the rotated one.
  const again = await run('refresh-token.mjs', exampleEnv({ PCL_REFRESH_TOKEN_FILE: file }));
  assert.equal(again.code, 0, again.stderr);
});

test('refresh-token.mjs: a refused refresh token fails the call with the OAuth error, no token printed', async () => {
  const foreign = await refreshToken('woodgrove'); // another partner's tenant
  const r = await run('refresh-token.mjs', exampleEnv({ PCL_REFRESH_TOKEN: foreign }));
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /the token endpoint refused the refresh token \(invalid_grant\)/);
  assert.doesNotMatch(r.stdout + r.stderr, /pcemu\./, 'no token printed');
  const unset = await run('refresh-token.mjs', { PATH: process.env.PATH, PCL_TOKEN_URL: 'http://127.0.0.1:1/' });
  assert.notEqual(unset.code, 0);
  assert.match(unset.stderr, /set PCL_CLIENT_ID/);
});

test('browser-token.mjs parses (it needs a browser and @azure/msal-browser to run)', async () => {
  const r = await new Promise((resolve) =>
    execFile(process.execPath, ['--check', join(ROOT, 'examples', 'browser-token.mjs')], (err, _o, stderr) => resolve({ code: err ? err.code : 0, stderr })),
  );
  assert.equal(r.code, 0, r.stderr);
  const text = await readFile(join(ROOT, 'examples', 'browser-token.mjs'), 'utf8');
  assert.match(text, /https:\/\/api\.partnercenter\.microsoft\.com\/user_impersonation/);
  assert.match(text, /new LicenseClient\(\{ token: appUserToken \}\)/);
});
