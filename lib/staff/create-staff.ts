import { z } from "zod";
import type { Actor } from "../auth/actor";
import { checkPasswordPolicy, hashPassword } from "../auth/password";
import { requireStaff } from "../auth/require-staff";
import { appendAudit } from "../audit/append";
import type { Tx } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { inTransaction, isUniqueViolation, newInvite, parseInput, summarySelect, ZStaffRole, type StaffSummary } from "./shared";

export const ZCreateStaffInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254, "The email address is too long.")),
  name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters for the name."),
  role: ZStaffRole,
  /** Optional: without one the member gets a one-time invite link and sets their own. */
  password: z.string().max(1024).optional(),
});
export type TCreateStaffInput = z.input<typeof ZCreateStaffInput>;

export interface CreateStaffResult {
  staff: StaffSummary;
  /** The one-time invite link, returned once and never stored; null when a password was set. */
  inviteUrl: string | null;
  inviteExpiresAt: Date | null;
}

type Via = "admin" | "api" | "cli";

async function create(tx: Tx | undefined, raw: TCreateStaffInput, actor: Actor, via: Via, request?: RequestContext): Promise<CreateStaffResult> {
  const input = parseInput(ZCreateStaffInput, raw);
  let passwordHash: string | null = null;
  if (input.password !== undefined) {
    checkPasswordPolicy(input.password, input.email);
    // Hashed before the transaction: argon2 is slow and must not hold the audit chain lock.
    passwordHash = await hashPassword(input.password);
  }
  const invite = passwordHash ? null : newInvite();
  const duplicate = () => new AppError("CONFLICT", "A staff member with this email address already exists.", { field: "email" });

  try {
    return await inTransaction(tx, async (t) => {
      if (await t.staffUser.findUnique({ where: { email: input.email }, select: { id: true } })) throw duplicate();
      const staff = await t.staffUser.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          status: invite ? "INVITED" : "ACTIVE",
          passwordHash,
          inviteTokenHash: invite?.tokenHash ?? null,
          inviteExpiresAt: invite?.expiresAt ?? null,
        },
        select: summarySelect,
      });
      const target = { type: "staff", id: staff.id };
      await appendAudit(t, { action: "staff.created", actor, target, request, data: { staffId: staff.id, role: staff.role, via } });
      if (invite) {
        await appendAudit(t, { action: "staff.invite_issued", actor, target, request, data: { staffId: staff.id, expiresAt: invite.expiresAt.toISOString() } });
      } else {
        await appendAudit(t, { action: "staff.password_set", actor, target, request, data: { staffId: staff.id, via: via === "cli" ? "cli" : "admin" } });
      }
      return { staff, inviteUrl: invite?.url ?? null, inviteExpiresAt: invite?.expiresAt ?? null };
    });
  } catch (err) {
    // Two creates of the same email at once: the unique index decides, the loser gets the same message.
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}

/** An administrator (console or API) adds a staff member: invited by link, or with a password. */
export async function createStaff(
  actor: Actor,
  input: TCreateStaffInput,
  opts: { request?: RequestContext; via: "admin" | "api" },
): Promise<CreateStaffResult> {
  const { actor: staffActor } = await requireStaff(actor, "staff.manage", { request: opts.request });
  return create(undefined, input, staffActor, opts.via, opts.request);
}

/**
 * For the ops CLI only (SYSTEM actor): no permission check — whoever runs it already has the
 * server. Same validation, state rules and audit entries. Joins `tx` when given.
 */
export function createStaffUnchecked(
  tx: Tx | undefined,
  input: TCreateStaffInput,
  opts: { actor: Actor; via: "cli"; request?: RequestContext },
): Promise<CreateStaffResult> {
  return create(tx, input, opts.actor, opts.via, opts.request);
}
