import { parseArgs } from "node:util";
import { demoStaff } from "../../prisma/seed/demo-staff";
import { startOidcServer, type OidcAccount } from "./oidc-server";

// The test OpenID provider by hand, for trying single sign-on against `npm run dev`:
//
//   npx tsx tests/support/oidc-server-cli.ts [--port 4571] [--app http://127.0.0.1:3000]
//       [--client-id ID] [--client-secret SECRET] [--redirect-uri URI]... [--account LOGIN=EMAIL[:unverified]]...
//
// Each option falls back to OIDC_PORT, OIDC_APP_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
// OIDC_REDIRECT_URI (comma-separated) and OIDC_ACCOUNTS (comma-separated). Without accounts, every
// demo staff member is one (agent1, admin, …) plus `stranger` and `agent1-unverified`.
// Prints the issuer on stdout, the app's AUTH_OIDC_* settings and the accounts on stderr; Ctrl-C stops it.

// eslint-disable-next-line no-restricted-properties -- a manual harness: its environment is its input, like tests/**/setup/**
const env = process.env;

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    app: { type: "string" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
    account: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  process.stdout.write("usage: tsx tests/support/oidc-server-cli.ts [--port N] [--app URL] [--client-id ID] [--client-secret S] [--redirect-uri URI]... [--account LOGIN=EMAIL[:unverified]]...\n");
  process.exit(0);
}

const list = (v: string | undefined) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []);

const port = Number(values.port ?? env.OIDC_PORT ?? 4571);
const app = (values.app ?? env.OIDC_APP_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const clientId = values["client-id"] ?? env.OIDC_CLIENT_ID ?? "gatehouse-dev";
const clientSecret = values["client-secret"] ?? env.OIDC_CLIENT_SECRET ?? "dev-oidc-client-secret-000000000000";
let redirectUris = values["redirect-uri"] ?? list(env.OIDC_REDIRECT_URI);
if (!redirectUris.length) {
  redirectUris = [`${app}/api/auth/callback/oidc`];
  // The dev server answers on both loopback names; register both so either works.
  const other = app.includes("://127.0.0.1") ? app.replace("://127.0.0.1", "://localhost") : app.includes("://localhost") ? app.replace("://localhost", "://127.0.0.1") : null;
  if (other) redirectUris.push(`${other}/api/auth/callback/oidc`);
}

const accounts: Record<string, OidcAccount> = {};
const specs = values.account ?? list(env.OIDC_ACCOUNTS);
for (const spec of specs) {
  const m = /^([^=\s]+)=([^:\s]+@[^:\s]+)(:unverified)?$/.exec(spec);
  if (!m) {
    process.stderr.write(`bad --account ${JSON.stringify(spec)}: expected LOGIN=EMAIL or LOGIN=EMAIL:unverified\n`);
    process.exit(2);
  }
  accounts[m[1]] = { email: m[2], email_verified: !m[3] };
}
if (!specs.length) {
  for (const s of demoStaff) accounts[s.key] = { email: s.email, name: s.name };
  accounts.stranger = { email: "stranger@example.test", name: "Sam Stranger" };
  accounts["agent1-unverified"] = { email: "agent1@gatehouse.test", email_verified: false };
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`bad port: ${port}\n`);
  process.exit(2);
}

const server = await startOidcServer({
  port,
  clientId,
  clientSecret,
  redirectUris,
  accounts,
  onError: (err) => process.stderr.write(`oidc server error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
});

process.stdout.write(`${server.issuer}\n`);
process.stderr.write(
  [
    "",
    "Give the app these settings (then restart it):",
    `  AUTH_OIDC_ISSUER=${server.issuer}`,
    `  AUTH_OIDC_CLIENT_ID=${clientId}`,
    `  AUTH_OIDC_CLIENT_SECRET=${clientSecret}`,
    `Redirect URIs: ${redirectUris.join(", ")}`,
    "Accounts (type the username on the provider's page; there is no password):",
    ...Object.entries(accounts).map(([login, a]) => `  ${login.padEnd(18)} ${a.email}${a.email_verified === false ? "  (email_verified=false)" : ""}`),
    "",
  ].join("\n"),
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
