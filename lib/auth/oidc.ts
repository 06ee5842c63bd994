import { config } from "../config";
import { db } from "../db";
import { normaliseEmail } from "./sign-in";

// Single sign-on (OpenID Connect, auth.ts): who an ID token's profile is. Nobody is created here;
// the address must belong to an existing ACTIVE staff member, and TOTP follows as after a password.

export type OidcRefusal = "not_staff" | "email_unverified" | "disabled" | "locked";

/**
 * The profile's email when the provider vouches for it: `email_verified` must be exactly true. A
 * missing claim counts as unverified (an IdP that lets users set their own address would otherwise
 * let anyone claim a staff member's), unless AUTH_OIDC_TRUST_UNVERIFIED_EMAIL says this provider
 * never sends the claim; an explicit false is refused always.
 */
export function verifiedEmail(profile: Record<string, unknown> | undefined, trustUnverified = config.AUTH_OIDC_TRUST_UNVERIFIED_EMAIL): string | null {
  const email = typeof profile?.email === "string" ? normaliseEmail(profile.email) : "";
  if (!email) return null;
  const claim = profile?.email_verified;
  if (claim === true) return email;
  if (claim === undefined && trustUnverified) return email;
  return null;
}

/** The ACTIVE, unlocked staff member the profile names, or why not. */
export async function oidcStaff(
  profile: Record<string, unknown> | undefined,
  opts: { trustUnverified?: boolean; now?: Date } = {},
): Promise<{ id: string } | { refused: OidcRefusal; staffId: string | null }> {
  const email = verifiedEmail(profile, opts.trustUnverified);
  if (!email) return { refused: "email_unverified", staffId: null };
  const staff = await db.staffUser.findUnique({ where: { email }, select: { id: true, status: true, lockedUntil: true } });
  if (!staff) return { refused: "not_staff", staffId: null };
  if (staff.status !== "ACTIVE") return { refused: "disabled", staffId: staff.id };
  if (staff.lockedUntil && staff.lockedUntil > (opts.now ?? new Date())) return { refused: "locked", staffId: staff.id };
  return { id: staff.id };
}
