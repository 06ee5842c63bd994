import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { roleAtOrBelow } from "../auth/permissions";
import { requireStaff } from "../auth/require-staff";
import { endAllSessions } from "../auth/session";
import type { Tx } from "../db";
import type { StaffRole } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import {
  assertAnotherAdminRemains, inTransaction, loadStaff, lockAdminSet, parseInput, parseStaffId, refuseSelf, staffResource, summarySelect,
  toSummary, ZStaffRole, type StaffSummary,
} from "./shared";

export const ZChangeRoleInput = z.object({ staffId: z.string(), role: ZStaffRole });
export type TChangeRoleInput = z.input<typeof ZChangeRoleInput>;

export interface ChangeRoleResult {
  staff: StaffSummary;
  before: StaffRole;
  /** False when the member already had the role: nothing was changed or audited. */
  changed: boolean;
  sessionsEnded: number;
  /** API tokens revoked because their role is above the new one. */
  tokensRevoked: number;
}

/**
 * Gives a member another role. Their sessions end (the new role applies from their next sign-in)
 * and their API tokens that carry more than the new role allows are revoked.
 */
export async function changeRoleUnchecked(
  tx: Tx | undefined,
  raw: TChangeRoleInput,
  opts: { actor: Actor; request?: RequestContext },
): Promise<ChangeRoleResult> {
  const input = parseInput(ZChangeRoleInput, raw);
  const staffId = parseStaffId(input.staffId);
  const { actor, request } = opts;
  if (input.role !== "ADMIN") refuseSelf(actor, staffId, "change the role of");

  return inTransaction(tx, async (t) => {
    await lockAdminSet(t);
    const current = await loadStaff(t, staffId);
    const before = current.role;
    if (before === input.role) {
      return { staff: toSummary(current), before, changed: false, sessionsEnded: 0, tokensRevoked: 0 };
    }
    if (input.role !== "ADMIN") await assertAnotherAdminRemains(t, current);

    const staff = await t.staffUser.update({ where: { id: staffId }, data: { role: input.role }, select: summarySelect });
    const tokens = await t.apiToken.findMany({ where: { staffUserId: staffId, revokedAt: null }, select: { id: true, role: true } });
    const overPrivileged = tokens.filter((tok) => !roleAtOrBelow(tok.role, input.role)).map((tok) => tok.id);
    if (overPrivileged.length) {
      await t.apiToken.updateMany({ where: { id: { in: overPrivileged }, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    const sessionIds = await endAllSessions(t, staffId, "role_changed", actor, request);
    const target = { type: "staff", id: staffId };
    for (const tokenId of overPrivileged) {
      await appendAudit(t, { action: "api_token.revoked", actor, target: { type: "token", id: tokenId }, request, data: { tokenId, ownerId: staffId } });
    }
    await appendAudit(t, { action: "staff.role_changed", actor, target, request, data: { staffId, before, after: input.role } });
    return { staff, before, changed: true, sessionsEnded: sessionIds.length, tokensRevoked: overPrivileged.length };
  });
}

/** An administrator changes a member's role (not their own, and never the last active admin's). */
export async function changeRole(actor: Actor, input: TChangeRoleInput, opts: { request?: RequestContext } = {}): Promise<ChangeRoleResult> {
  const { actor: staffActor } = await requireStaff(actor, "staff.manage", { resource: staffResource(input.staffId), request: opts.request });
  return changeRoleUnchecked(undefined, input, { actor: staffActor, request: opts.request });
}
