import { z } from "zod";
import type { Actor } from "../auth/actor";
import { roleHas } from "../auth/permissions";
import { requireStaff } from "../auth/require-staff";
import { formatCaseRef } from "../cases/case-ref";
import { db, type Prisma } from "../db";
import { ApprovalStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { parseInput, staffIdOf } from "../intake/staff/shared";

export const ZListApprovalsInput = z.strictObject({
  status: z.enum(ApprovalStatus).default("PENDING"),
  /** Only requests about this account's devices. */
  accountUid: z.string().trim().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The last id of the previous page (ids are time-ordered UUIDv7, newest first). */
  cursor: z.uuid("Not a cursor from a previous page.").optional(),
});
/** What callers send (query strings, pages); the schema above decides what is valid. */
export type TListApprovalsInput = { status?: string; accountUid?: string; limit?: number | string; cursor?: string };

export interface ApprovalView {
  id: string;
  kind: string;
  status: ApprovalStatus;
  reasonCode: string | null;
  note: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  requestedBy: { id: string; name: string };
  decidedBy: { id: string; name: string } | null;
  device: { id: string; externalId: string; status: string; platform: string; model: string | null } | null;
  accountUid: string | null;
  caseRef: string | null;
  /** Whether the caller may approve or decline it here (a device request; a supervisor other than the requester). */
  canDecide: boolean;
}

const select = {
  id: true,
  kind: true,
  status: true,
  reasonCode: true,
  note: true,
  createdAt: true,
  decidedAt: true,
  requestedBy: { select: { id: true, name: true } },
  decidedBy: { select: { id: true, name: true } },
  device: { select: { id: true, externalId: true, status: true, platform: true, model: true, account: { select: { uid: true } } } },
  case: { select: { number: true } },
} as const satisfies Prisma.ApprovalRequestSelect;

/** Four-eyes requests, newest first (account.read). Supervisors see which they can decide. */
export async function listApprovals(actor: Actor, input: TListApprovalsInput = {}, opts: { request?: RequestContext } = {}): Promise<{ items: ApprovalView[]; nextCursor: string | null }> {
  const { actor: staff } = await requireStaff(actor, "account.read", { request: opts.request });
  const { status, accountUid, limit, cursor } = parseInput(ZListApprovalsInput, input);
  const where: Prisma.ApprovalRequestWhereInput = {
    status,
    ...(accountUid ? { device: { account: { uid: accountUid } } } : {}),
    ...(cursor ? { id: { lt: cursor } } : {}),
  };
  const rows = await db.approvalRequest.findMany({ where, select, orderBy: { id: "desc" }, take: limit + 1 });
  const me = staffIdOf(staff);
  const mayApprove = roleHas(staff.role, "case.approve_second");
  const items = rows.slice(0, limit).map(({ device, case: linkedCase, ...r }) => ({
    ...r,
    device: device ? { id: device.id, externalId: device.externalId, status: device.status, platform: device.platform, model: device.model } : null,
    accountUid: device?.account.uid ?? null,
    caseRef: linkedCase ? formatCaseRef(linkedCase.number) : null,
    canDecide: mayApprove && r.kind === "DEVICE_AUTHORIZATION" && r.status === "PENDING" && r.requestedBy.id !== me,
  }));
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}
