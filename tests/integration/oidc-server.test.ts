import { Auth, skipCSRFCheck, type AuthConfig } from "@auth/core";
import * as o from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { oidcLoginUi, startOidcServer, type OidcServer } from "../support/oidc-server";

// The test OpenID provider without the app: what its discovery document promises, that it refuses
// unregistered redirect URIs and requests without PKCE, a whole sign-in driven like a browser and
// finished with oauth4webapi (the client library inside Auth.js), and the same sign-in run by
// Auth.js itself (@auth/core, the version next-auth pins) with auth.ts's provider settings.

const CLIENT_ID = "it-client";
const CLIENT_SECRET = "it-client-secret-0000000000000000";
const APP = "http://127.0.0.1:1"; // never contacted: Auth.js is called in-process below
const REDIRECT_URI = `${APP}/api/auth/callback/oidc`;
const accounts = {
  alice: { email: "alice@example.test", name: "Alice Example" },
  unverified: { email: "unverified@example.test", email_verified: false },
  "alice-unverified": { email: "alice@example.test", email_verified: false },
  stranger: { email: "stranger@example.test" },
};

let server: OidcServer;
let errors: unknown[];
const consoleSpies: MockInstance[] = [];

beforeAll(async () => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) consoleSpies.push(vi.spyOn(console, method));
  errors = [];
  server = await startOidcServer({
    port: 0,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [REDIRECT_URI],
    accounts,
    onError: (err) => errors.push(err),
  });
});

afterAll(async () => {
  await server?.close();
  for (const spy of consoleSpies) spy.mockRestore();
});

async function discover(): Promise<o.AuthorizationServer> {
  const issuer = new URL(server.issuer);
  return o.processDiscoveryResponse(issuer, await o.discoveryRequest(issuer, { [o.allowInsecureRequests]: true }));
}

function authorizationUrl(as: o.AuthorizationServer, params: Record<string, string>): URL {
  const url = new URL(as.authorization_endpoint!);
  for (const [k, v] of Object.entries({ client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: "code", scope: "openid email profile", ...params })) {
    url.searchParams.set(k, v);
  }
  return url;
}

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
function storeCookies(jar: Jar, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(";");
    const eq = pair.indexOf("=");
    const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
    const expires = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith("expires="));
    if (!value || (expires && new Date(expires.slice(8)).getTime() < Date.now())) jar.delete(name);
    else jar.set(name, value);
  }
}

/** A cookie jar and manual redirects: just enough browser for the provider's pages. */
function browser() {
  const jar: Jar = new Map();
  return async (url: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> => {
    const res = await fetch(url, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: {
        accept: "text/html",
        cookie: cookieHeader(jar),
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    storeCookies(jar, res);
    return res;
  };
}

/** Runs the browser part of a sign-in: returns the URL the provider finally sends the browser to. */
async function signInAt(start: URL, login: string): Promise<{ callback: URL; loginPage: string }> {
  const go = browser();
  let url = start;
  let res = await go(url);
  let loginPage = "";
  for (let hop = 0; hop < 12; hop++) {
    if ([302, 303].includes(res.status)) {
      const next = new URL(res.headers.get("location")!, url);
      if (next.origin !== server.issuer) return { callback: next, loginPage };
      url = next;
      res = await go(url);
    } else if (res.status === 200 && url.pathname.startsWith("/interaction/")) {
      loginPage = await res.text();
      const action = /<form method="post" action="([^"]+\/login)">/.exec(loginPage)?.[1];
      expect(action, "the login form").toBeTruthy();
      url = new URL(action!, url);
      res = await go(url, { method: "POST", form: { login } });
    } else {
      throw new Error(`unexpected ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 300)}`);
    }
  }
  throw new Error("too many redirects");
}

/** A whole authorization-code sign-in, finished exactly the way Auth.js finishes one. */
async function signInAs(login: string) {
  const as = await discover();
  const client: o.Client = { client_id: CLIENT_ID };
  const state = o.generateRandomState();
  const nonce = o.generateRandomNonce();
  const verifier = o.generateRandomCodeVerifier();
  const start = authorizationUrl(as, { state, nonce, code_challenge: await o.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256" });
  const { callback, loginPage } = await signInAt(start, login);
  expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
  const params = o.validateAuthResponse(as, client, callback, state);
  const tokenResponse = await o.authorizationCodeGrantRequest(as, client, o.ClientSecretBasic(CLIENT_SECRET), params, REDIRECT_URI, verifier, {
    [o.allowInsecureRequests]: true,
  });
  const tokens = await o.processAuthorizationCodeResponse(as, client, tokenResponse, { expectedNonce: nonce, requireIdToken: true });
  const header = JSON.parse(Buffer.from(tokens.id_token!.split(".")[0], "base64url").toString()) as { alg: string };
  return { claims: o.getValidatedIdTokenClaims(tokens)!, alg: header.alg, loginPage };
}

describe("test OpenID provider", () => {
  it("publishes discovery metadata Auth.js can use over plain http", async () => {
    const res = await fetch(`${server.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(server.issuer).toBe(`http://127.0.0.1:${server.port}`);
    expect(meta.issuer).toBe(server.issuer);
    expect(meta.authorization_endpoint).toBe(`${server.issuer}/auth`);
    expect(meta.token_endpoint).toBe(`${server.issuer}/token`);
    expect(meta.jwks_uri).toBe(`${server.issuer}/jwks`);
    expect(meta.userinfo_endpoint).toBe(`${server.issuer}/me`); // Auth.js refuses a provider without one
    expect(meta.code_challenge_methods_supported).toContain("S256");
    expect(meta.response_types_supported).toContain("code");
    expect(meta.token_endpoint_auth_methods_supported).toContain("client_secret_basic");
    expect(meta.id_token_signing_alg_values_supported).toContain("RS256");
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
    expect(meta.claims_supported).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "name"]));
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    // The same discovery call Auth.js makes (issuer given without a trailing slash).
    await expect(discover()).resolves.toMatchObject({ issuer: server.issuer });
  });

  it("publishes only the public half of an RS256 signing key", async () => {
    const { keys } = (await (await fetch(`${server.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(keys[0]).not.toHaveProperty(secret);
  });

  it("refuses a redirect_uri that is not registered, without redirecting anywhere", async () => {
    const as = await discover();
    const url = authorizationUrl(as, {
      redirect_uri: "http://127.0.0.1:1/evil",
      state: "s",
      nonce: "n",
      code_challenge: await o.calculatePKCECodeChallenge(o.generateRandomCodeVerifier()),
      code_challenge_method: "S256",
    });
    // The provider cannot trust the URI, so the error is a page of its own, not a redirect.
    const html = await fetch(url, { redirect: "manual" });
    expect(html.status).toBe(400);
    expect(html.headers.get("location")).toBeNull();
    expect(await html.text()).toContain("invalid_redirect_uri");
  });

  it("requires PKCE", async () => {
    const as = await discover();
    const res = await fetch(authorizationUrl(as, { state: "s", nonce: "n" }), { redirect: "manual" });
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("location")!);
    expect(back.origin + back.pathname).toBe(REDIRECT_URI);
    expect(back.searchParams.get("error")).toBe("invalid_request");
    expect(back.searchParams.get("error_description")).toMatch(/PKCE/);
  });

  it("signs in through the login form and puts email, email_verified and name into the ID token", async () => {
    const { claims, alg, loginPage } = await signInAs("alice");
    expect(alg).toBe("RS256");
    expect(claims).toMatchObject({ iss: server.issuer, aud: CLIENT_ID, sub: "alice", email: "alice@example.test", email_verified: true, name: "Alice Example" });
    expect(loginPage).toContain(`<title>${oidcLoginUi.title}</title>`);
    expect(loginPage).toContain(`<h1>${oidcLoginUi.heading}</h1>`);
    expect(loginPage).toContain(`<label for="login">${oidcLoginUi.usernameLabel}</label>`);
    expect(loginPage).toContain(`<button type="submit">${oidcLoginUi.submitButton}</button>`);
  });

  it("states email_verified=false when the account says so", async () => {
    const { claims } = await signInAs("unverified");
    expect(claims).toMatchObject({ sub: "unverified", email: "unverified@example.test", email_verified: false });
    expect(claims).not.toHaveProperty("name");
  });

  it("shows the form again, with an alert, for an unknown username", async () => {
    const as = await discover();
    const go = browser();
    const verifier = o.generateRandomCodeVerifier();
    const start = authorizationUrl(as, { state: "s", nonce: "n", code_challenge: await o.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256" });
    const first = await go(start);
    expect(first.status).toBe(303);
    const interaction = new URL(first.headers.get("location")!, server.issuer);
    expect((await go(interaction)).status).toBe(200);
    const res = await go(new URL(`${interaction.pathname}/login`, server.issuer), { method: "POST", form: { login: "mallory" } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<p role="alert">${oidcLoginUi.unknownAccount}</p>`);
    expect(html).toContain('value="mallory"');
  });

});

describe("Auth.js against the test provider", () => {
  const authErrors: unknown[] = [];
  const profiles: Record<string, unknown>[] = [];

  // auth.ts's provider and its signIn decision, minus the database: alice@example.test is "staff".
  const config = (): AuthConfig => ({
    secret: "integration-test-auth-secret-0000000000000000",
    trustHost: true,
    basePath: "/api/auth",
    skipCSRFCheck,
    session: { strategy: "jwt" },
    providers: [
      {
        id: "oidc",
        name: "Test SSO",
        type: "oidc",
        issuer: server.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        checks: ["pkce", "state", "nonce"],
        authorization: { params: { scope: "openid email profile" } },
      },
    ],
    logger: { error: (e) => authErrors.push(e), warn: (w) => authErrors.push(w), debug: () => {} },
    callbacks: {
      signIn({ account, profile }) {
        if (account?.provider !== "oidc") return false;
        profiles.push(profile as Record<string, unknown>);
        if (!profile?.email || profile.email_verified === false) return "/sign-in?error=oidc_email_unverified";
        return profile.email === "alice@example.test" ? true : "/sign-in?error=oidc_not_staff";
      },
    },
  });

  /** Start at Auth.js, through the provider's login form, back to Auth.js's callback. */
  async function authJsSignIn(login: string): Promise<{ location: string; cookies: Jar }> {
    const app: Jar = new Map();
    const start = await Auth(
      new Request(`${APP}/api/auth/signin/oidc`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ callbackUrl: "/sign-in/verify" }),
      }),
      config(),
    );
    storeCookies(app, start);
    const authorize = new URL(start.headers.get("location")!);
    expect(authorize.origin + authorize.pathname).toBe(`${server.issuer}/auth`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);

    const { callback } = await signInAt(authorize, login);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    const done = await Auth(new Request(callback, { headers: { cookie: cookieHeader(app) } }), config());
    storeCookies(app, done);
    return { location: done.headers.get("location") ?? `(status ${done.status})`, cookies: app };
  }

  it("completes a sign-in: the verified email reaches the signIn callback and a session cookie is set", async () => {
    profiles.length = 0;
    const { location, cookies } = await authJsSignIn("alice");
    expect(authErrors).toEqual([]);
    expect(location).toBe(`${APP}/sign-in/verify`);
    expect(profiles).toEqual([expect.objectContaining({ iss: server.issuer, sub: "alice", email: "alice@example.test", email_verified: true, name: "Alice Example" })]);
    expect([...cookies.keys()]).toContain("authjs.session-token");
  });

  it("hands an email that is not staff to the refusal redirect, without a session", async () => {
    const { location, cookies } = await authJsSignIn("stranger");
    expect(authErrors).toEqual([]);
    expect(location).toBe(`${APP}/sign-in?error=oidc_not_staff`);
    expect([...cookies.keys()]).not.toContain("authjs.session-token");
  });

  it("hands email_verified=false to the refusal redirect, even for a staff address", async () => {
    const { location, cookies } = await authJsSignIn("alice-unverified");
    expect(authErrors).toEqual([]);
    expect(location).toBe(`${APP}/sign-in?error=oidc_email_unverified`);
    expect([...cookies.keys()]).not.toContain("authjs.session-token");
  });
});

describe("test OpenID provider, afterwards", () => {
  it("is quiet: nothing on the console, no server errors", () => {
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
  });
});
