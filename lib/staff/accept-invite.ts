import { appendAudit } from "../audit/append";
import { checkPasswordPolicy, hashPassword } from "../auth/password";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { assertUnderLimit, countFailure, inviteFailureLimit } from "../security/public-limit";
import { hashInviteToken } from "./shared";

// The invitee is not signed in: the token in the link is the only credential. Unknown, used,
// expired and revoked (member disabled) invites all get the same answer, so the page does not
// tell a guesser which links once existed; past 20 such answers in 15 minutes an IP is refused (429).

const TOKEN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url

const invalid = () => new AppError("NOT_FOUND", "This invite link is not valid or has expired. Ask an administrator for a new one.");

function liveInviteWhere(token: string, now: Date) {
  return { inviteTokenHash: hashInviteToken(token), status: "INVITED" as const, inviteExpiresAt: { gt: now } };
}

/** What the invite page shows: whose invite it is, or null when the link is not usable. */
export async function describeInvite(token: string, now = new Date()): Promise<{ email: string; name: string } | null> {
  if (typeof token !== "string" || !TOKEN.test(token)) return null;
  return db.staffUser.findFirst({ where: liveInviteWhere(token, now), select: { email: true, name: true } });
}

/**
 * The invitee sets their password: the member becomes ACTIVE and the link stops working. MFA is
 * enrolled at their first sign-in. Returns the member's email for the sign-in page.
 */
export async function acceptInvite(input: { token: string; password: string; request?: RequestContext; now?: Date }): Promise<{ staffId: string; email: string }> {
  const now = input.now ?? new Date();
  await assertUnderLimit(inviteFailureLimit, input.request, "Too many invalid invite links from this network.");
  const staff = typeof input.token === "string" && TOKEN.test(input.token) ? await db.staffUser.findFirst({ where: liveInviteWhere(input.token, now), select: { id: true, email: true, role: true } }) : null;
  if (!staff) {
    await countFailure(inviteFailureLimit, input.request);
    throw invalid();
  }
  if (typeof input.password !== "string") throw new AppError("INVALID_INPUT", "Choose a password.", { field: "password" });
  checkPasswordPolicy(input.password, staff.email);
  const passwordHash = await hashPassword(input.password);

  await db.$transaction(async (tx) => {
    // Conditional on the same token still being live: a second use of the link (or a disable in
    // between) changes nothing.
    const res = await tx.staffUser.updateMany({
      where: { id: staff.id, ...liveInviteWhere(input.token, now) },
      data: { passwordHash, status: "ACTIVE", inviteTokenHash: null, inviteExpiresAt: null, failedSignIns: 0, lockedUntil: null },
    });
    if (res.count !== 1) throw invalid();
    const actor = { type: "STAFF" as const, id: staff.id, role: staff.role };
    const target = { type: "staff", id: staff.id };
    await appendAudit(tx, { action: "staff.password_set", actor, target, request: input.request, data: { staffId: staff.id, via: "invite" } });
    await appendAudit(tx, { action: "staff.invite_accepted", actor, target, request: input.request, data: { staffId: staff.id } });
  });
  return { staffId: staff.id, email: staff.email };
}
