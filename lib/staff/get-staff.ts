import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { AuditOutcome, SignInMethod, StaffRole, StaffStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { activeSessionWhere, parseStaffId, staffResource } from "./shared";

export interface StaffSessionRow {
  id: string;
  method: SignInMethod;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
}

export type SignInEventAction = "auth.sign_in_failed" | "auth.locked_out" | "auth.signed_in";

export interface SignInEvent {
  occurredAt: Date;
  action: SignInEventAction;
  ip: string | null;
  outcome: AuditOutcome;
  /** Why a sign-in failed (`wrong_password`, `wrong_code`…); null for other events. */
  reason: string | null;
}

export interface StaffDetail {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: StaffStatus;
  mfaEnrolled: boolean;
  mfaEnrolledAt: Date | null;
  /** Only while the lock is in force. */
  lockedUntil: Date | null;
  failedSignIns: number;
  lastActiveAt: Date | null;
  createdAt: Date;
  disabledAt: Date | null;
  /** Set while an invite is outstanding (status INVITED). */
  inviteExpiresAt: Date | null;
  sessions: StaffSessionRow[];
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
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        status: true,
        mfaEnrolledAt: true,
        lockedUntil: true,
        failedSignIns: true,
        lastActiveAt: true,
        createdAt: true,
        disabledAt: true,
        inviteExpiresAt: true,
        sessions: {
          where: activeSessionWhere(now),
          orderBy: { lastActiveAt: "desc" },
          select: { id: true, method: true, ip: true, userAgent: true, createdAt: true, lastActiveAt: true, expiresAt: true },
        },
      },
    }),
    db.auditEntry.findMany({
      where: { targetType: "staff", targetId: staffId, action: { in: EVENT_ACTIONS } },
      orderBy: { seq: "desc" },
      take: EVENT_LIMIT,
      select: { occurredAt: true, action: true, ip: true, outcome: true, data: true },
    }),
  ]);
  if (!staff) throw new AppError("NOT_FOUND", "No staff member with this id.");
  const { sessions, mfaEnrolledAt, lockedUntil, ...rest } = staff;
  return {
    ...rest,
    mfaEnrolled: mfaEnrolledAt !== null,
    mfaEnrolledAt,
    lockedUntil: lockedUntil && lockedUntil > now ? lockedUntil : null,
    sessions,
    signInEvents: events.map((e) => ({
      occurredAt: e.occurredAt,
      action: e.action as SignInEventAction, // filtered to EVENT_ACTIONS by the query
      ip: e.ip,
      outcome: e.outcome,
      reason: reasonOf(e.data),
    })),
  };
}
