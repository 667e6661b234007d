// Unattended scripts (the Secure Application Model): a refresh token, consented once by a
// partner admin, exchanged at the Microsoft Entra token endpoint for an App+User access token
// for Partner Center, handed to LicenseClient as a token function. See docs/tokens.md.
//
// A plain `fetch` of the OAuth 2.0 token endpoint (`grant_type=refresh_token`): no library.
// Entra rotates refresh tokens, so the new one is written back to PCL_REFRESH_TOKEN_FILE.
//
//   PCL_TENANT=contoso-partner.onmicrosoft.com PCL_CLIENT_ID=<app id> PCL_CLIENT_SECRET=<secret> \
//   PCL_REFRESH_TOKEN_FILE=./refresh-token.txt PCL_CUSTOMER=<customer id> PCL_USER=ada@contoso.com \
//   node examples/refresh-token.mjs
//
// Against the emulator (docs/emulator.md, "Token endpoint stand-in"):
//   PCL_BASE_URL=http://127.0.0.1:7070 PCL_TOKEN_URL=http://127.0.0.1:7070/adatum/oauth2/v2.0/token ...
import { readFile, writeFile } from 'node:fs/promises';
import { LicenseClient, PartnerCenterError } from 'partner-center-licenses';

/** The delegated permission of the Partner Center API: what makes the token App+User. */
const SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';
/** Ask for a new access token this long before the old one expires. */
const EARLY_MS = 5 * 60 * 1000;

const env = process.env;
const need = (name) => {
  if (!env[name]) throw new Error(`set ${name} (see docs/tokens.md)`);
  return env[name];
};
const tokenUrl = env.PCL_TOKEN_URL ?? `https://login.microsoftonline.com/${need('PCL_TENANT')}/oauth2/v2.0/token`;
const clientId = need('PCL_CLIENT_ID');
const clientSecret = env.PCL_CLIENT_SECRET; // a web app (confidential client) needs it; a public client does not
const refreshTokenFile = env.PCL_REFRESH_TOKEN_FILE;
let refreshToken = refreshTokenFile ? (await readFile(refreshTokenFile, 'utf8')).trim() : need('PCL_REFRESH_TOKEN');

let cached; // { token, expiresOnTimestamp }

/**
 * The token function LicenseClient calls before every attempt (and with `forceRefresh: true`
 * after a 401): the cached access token while it is fresh, else a new one from the refresh
 * token. Never logs a token; its errors name only the OAuth error code.
 */
async function appUserToken({ forceRefresh = false, abortSignal } = {}) {
  if (!forceRefresh && cached && cached.expiresOnTimestamp - Date.now() > EARLY_MS) return cached;
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: clientId,
    refresh_token: refreshToken,
    scope: `${SCOPE} offline_access`,
  });
  if (clientSecret) form.set('client_secret', clientSecret);
  const response = await fetch(tokenUrl, { method: 'POST', body: form, signal: abortSignal });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || typeof answer.access_token !== 'string') {
    throw new Error(`the token endpoint refused the refresh token (${answer.error ?? `HTTP ${response.status}`})`);
  }
  if (typeof answer.refresh_token === 'string' && answer.refresh_token !== refreshToken) {
    refreshToken = answer.refresh_token;
    if (refreshTokenFile) await writeFile(refreshTokenFile, `${refreshToken}\n`, { mode: 0o600 });
  }
  cached = { token: answer.access_token, expiresOnTimestamp: Date.now() + Number(answer.expires_in ?? 3600) * 1000 };
  return cached;
}

const client = new LicenseClient({
  baseUrl: env.PCL_BASE_URL ?? 'https://api.partnercenter.microsoft.com',
  token: appUserToken,
});

try {
  const customer = need('PCL_CUSTOMER');
  const user = need('PCL_USER');
  const skus = await client.listSubscribedSkus(customer, { licenseGroups: ['Group1', 'Group2'] });
  const held = await client.listLicenses(customer, user, { licenseGroups: ['Group1', 'Group2'] });
  console.log(`${skus.totalCount} subscribed SKUs; ${user} holds ${held.totalCount}:`);
  for (const l of held.items) console.log(`  ${l.productSku.skuPartNumber}  ${l.productSku.name}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  if (e instanceof PartnerCenterError && e.hint) console.error(`hint: ${e.hint}`);
  process.exitCode = 1;
}
