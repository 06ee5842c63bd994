import type { OidcAccount, OidcServerOptions } from "../support/oidc-server";
import { E2E_BASE_URL, E2E_IDLE_URL } from "./env";

// The end-to-end run's OpenID Connect provider (tests/support/oidc-server.ts, started by
// global-setup.ts) and the settings that point the app at it (added to the web server's env).

export const OIDC_PORT = 4571;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "gatehouse-e2e";
export const OIDC_CLIENT_SECRET = "e2e-oidc-client-secret-000000000000";
export const OIDC_NAME = "Test SSO";
/** Auth.js's callback for the provider with id "oidc". */
export const OIDC_REDIRECT_URI = `${E2E_BASE_URL}/api/auth/callback/oidc`;

/** Username typed on the provider's login page → the claims it signs. */
export const oidcAccounts = {
  // A staff member: matched to the seeded agent1 by email. The display name differs from the
  // staff record's on purpose: Gatehouse shows its own record, not the provider's claims.
  agent1: { email: "agent1@gatehouse.test", email_verified: true, name: "A. Quinn (Test SSO)" },
  // A real identity at the provider, but nobody Gatehouse knows.
  stranger: { email: "stranger@example.test", email_verified: true, name: "Sam Stranger" },
  // A staff member's address the provider has not verified: must be refused all the same.
  "agent1-unverified": { email: "agent1@gatehouse.test", email_verified: false, name: "Unverified Quinn" },
} as const satisfies Record<string, OidcAccount>;

export type OidcLogin = keyof typeof oidcAccounts;

/** What global-setup passes to startOidcServer. */
export const oidcServerOptions: OidcServerOptions = {
  port: OIDC_PORT,
  clientId: OIDC_CLIENT_ID,
  clientSecret: OIDC_CLIENT_SECRET,
  // Both app servers of the run may have SSO configured; each one's callback is registered.
  redirectUris: [OIDC_REDIRECT_URI, `${E2E_IDLE_URL}/api/auth/callback/oidc`],
  accounts: oidcAccounts,
};

/** The app's side (lib/config.ts): spread into playwright.config.ts's webServer.env. */
export const oidcEnv = {
  AUTH_OIDC_ISSUER: OIDC_ISSUER,
  AUTH_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
  AUTH_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
  AUTH_OIDC_NAME: OIDC_NAME,
} as const;
