// A browser app that signs the partner's user in with @azure/msal-browser and hands
// LicenseClient an App+User token for Partner Center. See docs/tokens.md.
// A snippet for your bundler (Vite, webpack...): `npm install @azure/msal-browser partner-center-licenses`.
//
// The app registration (Microsoft Entra admin center, in the partner tenant): a single-page
// application platform with this page's redirect URI, and the delegated API permission
// "Microsoft Partner Center" -> user_impersonation, consented by an admin.
import { InteractionRequiredAuthError, PublicClientApplication } from '@azure/msal-browser';
import { LicenseClient } from 'partner-center-licenses';

/** The delegated permission of the Partner Center API: what makes the token App+User. */
const SCOPES = ['https://api.partnercenter.microsoft.com/user_impersonation'];

const msal = await PublicClientApplication.createPublicClientApplication({
  auth: {
    clientId: '00000000-0000-0000-0000-000000000000', // your app registration's id
    authority: 'https://login.microsoftonline.com/organizations', // or your partner tenant's id
    redirectUri: window.location.origin,
  },
  cache: { cacheLocation: 'sessionStorage' },
});

/** The signed-in account, signing the user in (popup) the first time. */
async function account() {
  const known = msal.getActiveAccount() ?? msal.getAllAccounts()[0];
  if (known) return known;
  const { account: signedIn } = await msal.loginPopup({ scopes: SCOPES });
  msal.setActiveAccount(signedIn);
  return signedIn;
}

/**
 * The token function: MSAL's cache (and its own silent refresh) first; a popup only when
 * the user must act (consent, MFA, an expired session). After a 401 the client calls it
 * again with `forceRefresh: true`.
 */
async function appUserToken({ forceRefresh = false } = {}) {
  const request = { scopes: SCOPES, account: await account(), forceRefresh };
  try {
    const r = await msal.acquireTokenSilent(request);
    return { token: r.accessToken, expiresOnTimestamp: r.expiresOn ? r.expiresOn.getTime() : Date.now() + 60_000 };
  } catch (e) {
    if (!(e instanceof InteractionRequiredAuthError)) throw e;
    const r = await msal.acquireTokenPopup({ scopes: SCOPES, account: request.account });
    return { token: r.accessToken, expiresOnTimestamp: r.expiresOn ? r.expiresOn.getTime() : Date.now() + 60_000 };
  }
}

export const client = new LicenseClient({ token: appUserToken });

// Or, with @azure/identity (it uses msal-browser underneath; the package asks a credential
// for https://api.partnercenter.microsoft.com/.default, which for a signed-in user is App+User):
//   import { InteractiveBrowserCredential } from '@azure/identity';
//   const client = new LicenseClient({
//     token: new InteractiveBrowserCredential({ clientId, tenantId, redirectUri: window.location.origin }),
//   });
