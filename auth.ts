import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { sessionCookie } from "@/lib/auth/cookie";
import { recordFailure } from "@/lib/auth/brute-force";
import { startSession } from "@/lib/auth/session";
import { oidcStaff } from "@/lib/auth/oidc";
import { passwordSignIn } from "@/lib/auth/sign-in";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { requestContextFrom, type RequestContext } from "@/lib/http/request-context";
import { logger } from "@/lib/log";

// Auth.js (next-auth 5.0.0-beta.32, the release that supports Next 16) runs the first factor —
// email + password through the credentials provider, or an optional OpenID Connect provider —
// and keeps the cookie: an encrypted JWT holding only a random session token. Everything else
// (MFA, idle/absolute expiry, revocation, roles) is Gatehouse's own server-side session in
// lib/auth/session.ts, checked on every request.

/** The reason a credentials sign-in was refused; the sign-in page turns it into a sentence. */
export type SignInRefusal = "invalid" | "locked" | "disabled" | "rate_limited" | "unavailable";
class SignInRefused extends CredentialsSignin {
  constructor(code: SignInRefusal) {
    super();
    this.code = code;
  }
}

/** The underlying error's message (e.g. an OIDC token-endpoint refusal), without request data. */
function causeOf(error: Error): string {
  const cause = (error as { cause?: { err?: unknown } }).cause?.err ?? error.cause;
  return (cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause ?? "")).slice(0, 200);
}

function refusalFor(err: unknown): SignInRefusal {
  if (!isAppError(err)) return "unavailable";
  if (err.code === "RATE_LIMITED") return "rate_limited";
  if (err.details?.locked) return "locked";
  if (err.code === "FORBIDDEN") return "disabled";
  return "invalid";
}

const oidcConfigured = !!(config.AUTH_OIDC_ISSUER && config.AUTH_OIDC_CLIENT_ID && config.AUTH_OIDC_CLIENT_SECRET);
export const oidcProvider = oidcConfigured ? { id: "oidc", name: config.AUTH_OIDC_NAME } : null;

const providers: NextAuthConfig["providers"] = [
  Credentials({
    credentials: { email: {}, password: {} },
    async authorize(credentials, request) {
      const email = typeof credentials.email === "string" ? credentials.email : "";
      const password = typeof credentials.password === "string" ? credentials.password : "";
      try {
        const res = await passwordSignIn({ email, password, request: requestContextFrom(request.headers) });
        return { id: res.staffId, sessionToken: res.token };
      } catch (err) {
        if (!isAppError(err)) logger.error({ err: err instanceof Error ? err.message : String(err) }, "password sign-in failed unexpectedly");
        throw new SignInRefused(refusalFor(err));
      }
    },
  }),
];

if (oidcConfigured) {
  providers.push({
    id: "oidc",
    name: config.AUTH_OIDC_NAME,
    type: "oidc",
    issuer: config.AUTH_OIDC_ISSUER,
    clientId: config.AUTH_OIDC_CLIENT_ID,
    clientSecret: config.AUTH_OIDC_CLIENT_SECRET,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
  });
}

/** The request behind an Auth.js callback (the OIDC callback route), for the audit trail and the per-IP limit. */
async function callbackRequest(): Promise<RequestContext | undefined> {
  try {
    return requestContextFrom(await headers());
  } catch {
    return undefined; // outside a Next request (tests calling Auth.js directly)
  }
}

export const authConfig: NextAuthConfig = {
  secret: config.AUTH_SECRET,
  // The host is fixed by APP_URL (or the loopback default); Auth.js must not trust Host headers to build URLs.
  trustHost: true,
  basePath: "/api/auth",
  session: { strategy: "jwt", maxAge: config.SESSION_ABSOLUTE_SECONDS },
  cookies: { sessionToken: { name: sessionCookie.name, options: sessionCookie.options } },
  useSecureCookies: sessionCookie.secure,
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers,
  logger: {
    // Auth.js errors can carry request details; log their kind only.
    error: (error) => logger.warn({ authError: (error as { type?: string }).type ?? error.name, cause: causeOf(error) }, "auth.js error"),
    warn: (code) => logger.warn({ authWarning: code }, "auth.js warning"),
    debug: () => {},
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      const found = await oidcStaff(profile as Record<string, unknown> | undefined);
      if ("id" in found) return true;
      await recordFailure({ staffId: found.staffId, countAccount: false, method: "OIDC", reason: found.refused, request: await callbackRequest() });
      return `/sign-in?error=oidc_${found.refused}`;
    },
    async jwt({ token, user, account, profile, trigger }) {
      // The cookie carries the session token only: no name, email or picture.
      if (trigger === "signIn") {
        if (account?.provider === "credentials") return { sid: (user as { sessionToken?: string }).sessionToken };
        const found = await oidcStaff(profile as Record<string, unknown> | undefined);
        if (!("id" in found)) return null;
        // Like a password, OIDC is the first factor: the session still has to pass TOTP.
        const request = await callbackRequest();
        const { token: sid } = await db.$transaction((tx) => startSession(tx, { staffId: found.id, method: "OIDC", request }));
        return { sid };
      }
      return typeof token.sid === "string" ? { sid: token.sid } : null;
    },
    session({ session }) {
      // Never used for decisions: lib/auth/current.ts resolves the server-side session.
      return { expires: session.expires } as typeof session;
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
