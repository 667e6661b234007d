// The users types in pkg/index.d.ts are real: a typed use of listUsers / getUser passes
// `tsc --strict --noEmit`, and each line of a misuse file is an error.
import { test } from 'node:test';
import { checkTypes } from './tsc-check.mjs';

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

test('the users types pass tsc --strict, and misuse is a type error', () => checkTypes('users', usage, misuse));
