import { decode, encode } from "next-auth/jwt";
import { appUrl, config } from "../config";

// The Auth.js session cookie. `__Host-` (HTTPS only, no Domain, Path=/) whenever the app is
// served over TLS; SameSite=Lax so the OIDC callback can set it; HttpOnly always.
const secure = appUrl.startsWith("https://");

export const sessionCookie = {
  name: secure ? "__Host-gatehouse.session" : "gatehouse.session",
  secure,
  options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
};

/** The session token inside the cookie's encrypted JWT, or null when absent, tampered or expired. */
export async function sessionTokenFromCookie(value: string | undefined | null): Promise<string | null> {
  if (!value) return null;
  try {
    const jwt = await decode({ token: value, secret: config.AUTH_SECRET, salt: sessionCookie.name });
    return typeof jwt?.sid === "string" ? jwt.sid : null;
  } catch {
    return null;
  }
}

/** The cookie value for a session token: the same encrypted JWT Auth.js writes at sign-in. */
export function sessionCookieValue(token: string): Promise<string> {
  return encode({ token: { sid: token }, secret: config.AUTH_SECRET, salt: sessionCookie.name, maxAge: config.SESSION_ABSOLUTE_SECONDS });
}
