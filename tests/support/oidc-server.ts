import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A real OpenID Connect provider for tests (oidc-provider 9, the certified implementation), on
// 127.0.0.1 over plain http: authorization code flow with PKCE (S256, required), client_secret_basic,
// RS256 ID tokens that carry the email, email_verified and name claims. The login step is a tiny
// HTML form of our own (no devInteractions: they pull a Google font and print warnings), and
// consent is granted automatically. Quiet: nothing goes to the console unless `onError` is given.
//
// Usable from Playwright's global setup, vitest and tsx: the only static imports are node builtins;
// oidc-provider itself is loaded on the first start.

export interface OidcAccount {
  email: string;
  /** Defaults to true. */
  email_verified?: boolean;
  name?: string;
}

export interface OidcServerOptions {
  /** 0 picks a free port (the issuer then carries the real one). */
  port: number;
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs the client may use, e.g. `http://127.0.0.1:3100/api/auth/callback/oidc`. */
  redirectUris: string[];
  /** Login name (typed into the form; becomes the `sub` claim) → claims. */
  accounts: Record<string, OidcAccount>;
  /** Server-side failures (provider `server_error`s, interaction handler crashes). Silent when omitted. */
  onError?: (error: unknown) => void;
}

export interface OidcServer {
  /** `http://127.0.0.1:<port>`, exactly as the discovery document and ID tokens state it. */
  issuer: string;
  port: number;
  close(): Promise<void>;
}

/** What the provider's login page shows; the selectors a browser test uses. */
export const oidcLoginUi = {
  title: "Sign in · Test identity provider",
  /** `getByRole("heading", { name })` */
  heading: "Test identity provider",
  /** `getByLabel(usernameLabel)`: a text input named `login`; type an `accounts` key. */
  usernameLabel: "Username",
  /** `getByRole("button", { name: submitButton, exact: true })` */
  submitButton: "Sign in",
  /** `getByRole("button", { name: cancelButton })`: ends the flow with error=access_denied. */
  cancelButton: "Cancel",
  /** Shown (role="alert") when the username is not one of `accounts`. */
  unknownAccount: "No such test account.",
} as const;

// --- the small part of oidc-provider's API used here (the package ships no type declarations) ---

interface Interaction {
  uid: string;
  prompt: { name: string; details: Record<string, unknown> };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}
interface Provider {
  callback(): (req: IncomingMessage, res: ServerResponse) => unknown;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: { new (init: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}
type ProviderModule = { Provider: new (issuer: string, configuration: Record<string, unknown>) => Provider };

// A variable specifier: TypeScript does not go looking for the (absent) declarations.
const OIDC_PROVIDER: string = "oidc-provider";
let providerModule: Promise<ProviderModule> | undefined;

/** Imports oidc-provider once, dropping the notice it prints on import when Node is older than 22. */
function loadProviderModule(): Promise<ProviderModule> {
  providerModule ??= (async () => {
    const { info, warn } = console;
    const drop = (original: (...args: unknown[]) => void) =>
      function (...args: unknown[]) {
        // The notice may be wrapped in ANSI colours on a TTY.
        if (typeof args[0] === "string" && /^(\u001b\[[\d;]*m)?oidc-provider (NOTICE|WARNING):/.test(args[0])) return;
        original.apply(console, args);
      };
    console.info = drop(info);
    console.warn = drop(warn);
    try {
      return (await import(OIDC_PROVIDER)) as ProviderModule;
    } finally {
      console.info = info;
      console.warn = warn;
    }
  })();
  return providerModule;
}

// --- storage: oidc-provider's built-in memory adapter prints a warning, so a tiny one of our own ---

type Payload = Record<string, unknown>;

function memoryAdapterFactory() {
  const store = new Map<string, { payload: Payload; expiresAt: number }>();
  const read = (key: string): Payload | undefined => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const findBy = (model: string, field: string, value: string): Payload | undefined => {
    for (const key of store.keys()) {
      if (!key.startsWith(`${model}:`)) continue;
      const payload = read(key);
      if (payload?.[field] === value) return payload;
    }
    return undefined;
  };
  return (model: string) => {
    const key = (id: string) => `${model}:${id}`;
    return {
      async upsert(id: string, payload: Payload, expiresIn?: number) {
        store.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
      },
      async find(id: string) {
        return read(key(id));
      },
      async findByUid(uid: string) {
        return findBy(model, "uid", uid);
      },
      async findByUserCode(userCode: string) {
        return findBy(model, "userCode", userCode);
      },
      async consume(id: string) {
        const payload = read(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id: string) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId: string) {
        for (const [k, entry] of store) if (entry.payload.grantId === grantId) store.delete(k);
      },
    };
  };
}

// --- pages ---

function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body><main>
${body}
</main></body>
</html>`;
}

function loginPage(interaction: Interaction, opts: { login?: string; error?: string } = {}): string {
  const uid = encodeURIComponent(interaction.uid);
  const hint = typeof interaction.params.login_hint === "string" ? interaction.params.login_hint : "";
  const value = opts.login ?? hint;
  return page(
    oidcLoginUi.title,
    `<h1>${escapeHtml(oidcLoginUi.heading)}</h1>
<p>Signing in to <strong>${escapeHtml(interaction.params.client_id)}</strong>. Any configured test account works; there is no password.</p>
${opts.error ? `<p role="alert">${escapeHtml(opts.error)}</p>` : ""}
<form method="post" action="/interaction/${uid}/login">
<label for="login">${escapeHtml(oidcLoginUi.usernameLabel)}</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${escapeHtml(value)}">
<button type="submit">${escapeHtml(oidcLoginUi.submitButton)}</button>
</form>
<form method="post" action="/interaction/${uid}/abort">
<button type="submit">${escapeHtml(oidcLoginUi.cancelButton)}</button>
</form>`,
  );
}

function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  // No form-action: the form's redirect chain must be free to end at the relying party.
  res.setHeader("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Error("form body too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

// --- the server ---

export async function startOidcServer(opts: OidcServerOptions): Promise<OidcServer> {
  const { Provider } = await loadProviderModule();
  const onError = opts.onError ?? (() => {});
  const accounts = new Map(Object.entries(opts.accounts));

  let handle: ((req: IncomingMessage, res: ServerResponse) => unknown) | undefined;
  const server = createServer((req, res) => {
    if (!handle) {
      res.statusCode = 503;
      res.end();
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });

  try {
    const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: opts.clientId,
          client_secret: opts.clientSecret,
          redirect_uris: opts.redirectUris,
          grant_types: ["authorization_code"],
          response_types: ["code"],
          token_endpoint_auth_method: "client_secret_basic",
          id_token_signed_response_alg: "RS256",
        },
      ],
      jwks: { keys: [{ ...signingKey, kid: "test-rs256", alg: "RS256", use: "sig" }] },
      adapter: memoryAdapterFactory(),
      cookies: { keys: [randomBytes(32).toString("base64url")] },
      claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
      // By default a code-flow ID token holds only `sub` (the rest is at userinfo). Auth.js builds
      // the profile from the ID token's claims alone, so they go into the ID token too.
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      async findAccount(_ctx: unknown, sub: string) {
        const account = accounts.get(sub);
        if (!account) return undefined;
        return {
          accountId: sub,
          async claims() {
            return { sub, email: account.email, email_verified: account.email_verified ?? true, ...(account.name ? { name: account.name } : {}) };
          },
        };
      },
      // Every default below would print a "you SHOULD/MUST change this" notice when first used.
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        BackchannelAuthenticationRequest: 600,
        ClientCredentials: 600,
        DeviceCode: 600,
        Grant: 3600,
        IdToken: 600,
        Interaction: 600,
        PreAuthorizedCode: 600,
        RefreshToken: 3600,
        Session: 3600,
      },
      clientBasedCORS: () => false,
      async renderError(ctx: { type: string; body: unknown }, out: Record<string, unknown>) {
        ctx.type = "html";
        ctx.body = page(
          "Sign-in error · Test identity provider",
          `<h1>Sign-in error</h1>\n${Object.entries(out)
            .map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</p>`)
            .join("\n")}`,
        );
      },
    });
    // A listener replaces Koa's default one, which prints uncaught errors.
    provider.on("error", (err) => onError(err));
    provider.on("server_error", (_ctx, err) => onError(err));
    const oidcCallback = provider.callback();

    const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) => {
      let details: Interaction;
      try {
        details = await provider.interactionDetails(req, res);
      } catch {
        return send(res, 400, page("Sign-in expired · Test identity provider", "<h1>This sign-in has expired</h1>\n<p>Start again from the application.</p>"));
      }
      if (details.uid !== uid) return send(res, 400, page("Sign-in mismatch · Test identity provider", "<h1>This is not the current sign-in</h1>"));

      if (req.method === "GET" && !action) {
        if (details.prompt.name === "login") return send(res, 200, loginPage(details));
        if (details.prompt.name === "consent") {
          // Consent is implied: grant whatever the client asked for.
          const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details as {
            missingOIDCScope?: string[];
            missingOIDCClaims?: string[];
            missingResourceScopes?: Record<string, string[]>;
          };
          const clientId = String(details.params.client_id);
          const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: details.session?.accountId ?? "", clientId });
          if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(" "));
          if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
          for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
          const grantId = await grant.save();
          return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        }
        return send(res, 400, page("Unsupported step · Test identity provider", `<h1>Unsupported step: ${escapeHtml(details.prompt.name)}</h1>`));
      }

      if (req.method === "POST" && action === "login" && details.prompt.name === "login") {
        const login = (await readForm(req)).get("login")?.trim() ?? "";
        if (!accounts.has(login)) return send(res, 400, loginPage(details, { login, error: oidcLoginUi.unknownAccount }));
        return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      }
      if (req.method === "POST" && action === "abort") {
        return provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user cancelled the sign-in." }, { mergeWithLastSubmission: false });
      }
      res.statusCode = 405;
      res.end();
    };

    handle = async (req, res) => {
      const match = /^\/interaction\/([^/]+)(?:\/(login|abort))?\/?$/.exec(new URL(req.url ?? "/", issuer).pathname);
      if (!match) return oidcCallback(req, res);
      try {
        await interaction(req, res, decodeURIComponent(match[1]), match[2]);
      } catch (err) {
        onError(err);
        if (!res.headersSent) send(res, 500, page("Error · Test identity provider", "<h1>Something went wrong</h1>"));
        else res.end();
      }
    };
  } catch (err) {
    await close();
    throw err;
  }

  return { issuer, port, close };
}
