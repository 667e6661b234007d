// The users types in pkg/index.d.ts are real: a typed use of listUsers / getUser passes
// `tsc --strict --noEmit`, and each line of a misuse file is an error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from './bulk-emulator.mjs';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const usage = `import { LicenseClient, PartnerCenterError } from 'partner-center-licenses';
import type { Collection, CustomerUser, Link, LinkHeader, Links, ListUsersOptions, UserList } from 'partner-center-licenses';

export async function demo(client: LicenseClient, signal: AbortSignal): Promise<string[]> {
  const options: ListUsersOptions = { pageSize: 100, filter: 'deleted', signal };
  const list: UserList = client.listUsers('c', options);
  const names: string[] = [];
  for await (const user of list) {
    const u: CustomerUser = user;
    names.push(u.userPrincipalName, u.usageLocation ?? '-', u.state ?? '-', u.softDeletionTime ?? '');
    if (names.length > 10) break;
  }
  for await (const page of client.listUsers('c').pages()) {
    const p: Collection<CustomerUser> = page;
    const links: Links | undefined = p.links;
    const next: Link | undefined = links?.next;
    const headers: LinkHeader[] = next?.headers ?? [];
    names.push(next?.uri ?? 'last page', ...headers.map((h) => h.key + '=' + h.value), String(p.totalCount));
  }
  try {
    const one: CustomerUser = await client.getUser('c', 'ada@contoso.com', { signal });
    names.push(one.id, one.displayName);
  } catch (e) {
    if (e instanceof PartnerCenterError && e.reason === 'userNotFound') names.push('none');
  }
  return names;
}
`;

const misuse = [
  `client.listUsers('c', { pageSize: '100' });`,
  `client.listUsers('c', { filter: 'active' });`,
  `client.listUsers('c').then((x) => x);`,
  `const u: Promise<CustomerUser[]> = client.listUsers('c');`,
  `client.getUser('c');`,
  `client.getUser('c', 'u').then((u) => u.licenses);`,
  `const f = async () => { for await (const p of client.listUsers('c').pages()) { const n: string = p.totalCount; } };`,
];

test('the users types pass tsc --strict, and misuse is a type error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pcl-users-types-'));
  const head = `import { LicenseClient } from 'partner-center-licenses';\nimport type { CustomerUser } from 'partner-center-licenses';\ndeclare const client: LicenseClient;\n`;
  await writeFile(join(dir, 'usage.ts'), usage);
  await writeFile(join(dir, 'misuse.ts'), `${head}${misuse.join('\n')}\nexport {};\n`);
  const config = (files) => JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], paths: { 'partner-center-licenses': [join(ROOT, 'pkg', 'index.d.ts')] },
    },
    files,
  });
  await writeFile(join(dir, 'tsconfig.json'), config(['usage.ts']));
  await run(process.execPath, [TSC, '-p', dir]).catch((e) => assert.fail(`usage.ts: ${e.stdout}`));
  await writeFile(join(dir, 'tsconfig.json'), config(['misuse.ts']));
  const out = await run(process.execPath, [TSC, '-p', dir]).then(
    () => assert.fail('misuse.ts passed tsc'),
    (e) => e.stdout,
  );
  const lines = new Set([...out.matchAll(/misuse\.ts\((\d+),/g)].map((m) => Number(m[1])));
  for (let i = 0; i < misuse.length; i++) {
    assert.ok(lines.has(i + 4), `line ${i + 4} (${misuse[i]}) is not an error:\n${out}`);
  }
});
