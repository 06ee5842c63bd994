import { activeSessionsArgs, type ActiveSession } from "../auth/active-sessions";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { AuditOutcome } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { parseStaffId, staffResource } from "./shared";
import { staffRowSelect, toStaffRow, type StaffRow } from "./staff-row";

export type SignInEventAction = "auth.sign_in_failed" | "auth.locked_out" | "auth.signed_in";

export interface SignInEvent {
  occurredAt: Date;
  action: SignInEventAction;
  ip: string | null;
  outcome: AuditOutcome;
  /** Why a sign-in failed (`wrong_password`, `wrong_code`…); null for other events. */
  reason: string | null;
}

export interface StaffDetail extends StaffRow {
  mfaEnrolledAt: Date | null;
  disabledAt: Date | null;
  /** Set while an invite is outstanding (status INVITED). */
  inviteExpiresAt: Date | null;
  sessions: ActiveSession[];
  /** The last 20 sign-ins, failures and lockouts, newest first. */
  signInEvents: SignInEvent[];
}

const EVENT_ACTIONS: SignInEventAction[] = ["auth.sign_in_failed", "auth.locked_out", "auth.signed_in"];
const EVENT_LIMIT = 20;

function reasonOf(data: unknown): string | null {
  if (typeof data === "object" && data !== null && "reason" in data && typeof data.reason === "string") return data.reason;
  return null;
}

/** One member with their active sessions and recent sign-in history (so admins see lockouts). */
export async function getStaff(
  actor: Actor,
  input: { staffId: string },
  opts: { request?: RequestContext; now?: Date } = {},
): Promise<StaffDetail> {
  await requireStaff(actor, "staff.read", { resource: staffResource(input.staffId), request: opts.request });
  const staffId = parseStaffId(input.staffId);
  const now = opts.now ?? new Date();
  const [staff, events] = await Promise.all([
    db.staffUser.findUnique({
      where: { id: staffId },
      select: { ...staffRowSelect, disabledAt: true, inviteExpiresAt: true, sessions: activeSessionsArgs(now) },
    }),
    db.auditEntry.findMany({
      where: { targetType: "staff", targetId: staffId, action: { in: EVENT_ACTIONS } },
      orderBy: { seq: "desc" },
      take: EVENT_LIMIT,
      select: { occurredAt: true, action: true, ip: true, outcome: true, data: true },
    }),
  ]);
  if (!staff) throw new AppError("NOT_FOUND", "No staff member with this id.");
  return {
    ...toStaffRow(staff, now),
    mfaEnrolledAt: staff.mfaEnrolledAt,
    disabledAt: staff.disabledAt,
    inviteExpiresAt: staff.inviteExpiresAt,
    sessions: staff.sessions,
    signInEvents: events.map((e) => ({
      occurredAt: e.occurredAt,
      action: e.action as SignInEventAction, // filtered to EVENT_ACTIONS by the query
      ip: e.ip,
      outcome: e.outcome,
      reason: reasonOf(e.data),
    })),
  };
}
