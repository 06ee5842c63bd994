import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff, type StaffActor } from "../auth/require-staff";
import { formatCaseRef, parseCaseRef } from "../cases/case-ref";
import { db, Prisma, type Tx } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../http/parse-input";

// Legal holds: while one is active on a case or on its account, the retention purge leaves the
// case's photos alone (an account hold also keeps the account's emails that no case claimed).
// Placing and releasing need retention.manage (ADMIN); both are audited in the same transaction.
// The reason is kept on the hold (for whoever releases it), not in the audit entry.

export const ZPlaceLegalHoldInput = z
  .strictObject({
    accountUid: z.string().trim().min(1).max(64).optional(),
    caseRef: z.string().trim().min(1).max(32).optional(),
    reason: z.string().trim().min(10, "Say why (at least 10 characters): the matter or request behind the hold.").max(1000),
  })
  .refine((v) => !!v.accountUid !== !!v.caseRef, { message: "Give an account uid or a case reference, not both.", path: ["caseRef"] });
export type TPlaceLegalHoldInput = z.input<typeof ZPlaceLegalHoldInput>;

export const ZReleaseLegalHoldInput = z.strictObject({ holdId: z.uuid("Not a legal hold id.") });
export type TReleaseLegalHoldInput = z.input<typeof ZReleaseLegalHoldInput>;

export interface LegalHoldView {
  id: string;
  active: boolean;
  accountId: string | null;
  accountUid: string | null;
  caseId: string | null;
  caseRef: string | null;
  reason: string;
  placedBy: { id: string; name: string };
  createdAt: string;
  releasedAt: string | null;
}

const include = { account: { select: { uid: true } }, case: { select: { number: true } }, placedBy: { select: { id: true, name: true } } } as const;
type HoldRow = Awaited<ReturnType<typeof readHold>>;
const readHold = (tx: Tx, id: string) => tx.legalHold.findUniqueOrThrow({ where: { id }, include });

function toView(h: NonNullable<HoldRow>): LegalHoldView {
  return {
    id: h.id,
    active: h.releasedAt === null,
    accountId: h.accountId,
    accountUid: h.account?.uid ?? null,
    caseId: h.caseId,
    caseRef: h.case ? formatCaseRef(h.case.number) : null,
    reason: h.reason,
    placedBy: h.placedBy,
    createdAt: h.createdAt.toISOString(),
    releasedAt: h.releasedAt?.toISOString() ?? null,
  };
}

const staffIdOf = (a: StaffActor) => (a.type === "STAFF" ? a.id : a.staffId);

/** Places a hold on a case (by reference) or an account (by uid). Several holds may cover the same records. */
export async function placeLegalHold(actor: Actor, input: TPlaceLegalHoldInput, opts: { request?: RequestContext } = {}): Promise<LegalHoldView> {
  const { actor: staff } = await requireStaff(actor, "retention.manage", { request: opts.request });
  const { accountUid, caseRef, reason } = parseInput(ZPlaceLegalHoldInput, input);
  const caseNumber = caseRef ? parseCaseRef(caseRef) : null;
  if (caseRef && caseNumber === null) throw new AppError("INVALID_INPUT", "Not a case reference (GH-000123).", { fields: [{ path: "caseRef", message: "Not a case reference." }] });

  return db.$transaction(async (tx) => {
    // The row the purge locks too (lib/retention/purge-case.ts): a purge in progress finishes first,
    // and a purge after this commit sees the hold.
    let caseId: string | null = null;
    let accountId: string;
    if (caseNumber !== null) {
      const [c] = await tx.$queryRaw<{ id: string; accountId: string }[]>`SELECT id::text AS id, "accountId"::text AS "accountId" FROM "ReviewCase" WHERE number = ${caseNumber} FOR UPDATE`;
      if (!c) throw new AppError("NOT_FOUND", "No case with this reference.");
      caseId = c.id;
      accountId = c.accountId;
    } else {
      const [a] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "Account" WHERE uid = ${accountUid} FOR UPDATE`;
      if (!a) throw new AppError("NOT_FOUND", "No account with this uid.");
      accountId = a.id;
    }
    // A case hold names the case only; its audit entry still carries the account, for search.
    const hold = await tx.legalHold.create({ data: { caseId, accountId: caseId ? null : accountId, reason, placedById: staffIdOf(staff) }, select: { id: true } });
    await appendAudit(tx, {
      action: "legal_hold.placed",
      actor: staff,
      request: opts.request,
      target: { type: "LegalHold", id: hold.id },
      caseId: caseId ?? undefined,
      accountId,
      data: { holdId: hold.id, accountId: caseId ? null : accountId, caseId },
    });
    return toView(await readHold(tx, hold.id));
  });
}

/** Releases an active hold; the purge may then take the photos at its next run. */
export async function releaseLegalHold(actor: Actor, input: TReleaseLegalHoldInput, opts: { request?: RequestContext; now?: Date } = {}): Promise<LegalHoldView> {
  const { actor: staff } = await requireStaff(actor, "retention.manage", { request: opts.request });
  const { holdId } = parseInput(ZReleaseLegalHoldInput, input);
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ releasedAt: Date | null }[]>`SELECT "releasedAt" FROM "LegalHold" WHERE id = ${holdId}::uuid FOR UPDATE`;
    if (!row) throw new AppError("NOT_FOUND", "No legal hold with this id.");
    if (row.releasedAt) throw new AppError("CONFLICT", "This legal hold was already released.");
    const hold = await tx.legalHold.update({ where: { id: holdId }, data: { releasedAt: opts.now ?? new Date() }, include });
    await appendAudit(tx, {
      action: "legal_hold.released",
      actor: staff,
      request: opts.request,
      target: { type: "LegalHold", id: holdId },
      caseId: hold.caseId ?? undefined,
      accountId: hold.accountId ?? undefined,
      data: { holdId, accountId: hold.accountId, caseId: hold.caseId },
    });
    return toView(hold);
  });
}

/** Every hold, active ones first, newest first; needs audit.read (supervisors, auditors, admins). */
export async function listLegalHolds(actor: Actor, opts: { request?: RequestContext } = {}): Promise<LegalHoldView[]> {
  await requireStaff(actor, "audit.read", { request: opts.request });
  const rows = await db.legalHold.findMany({ include, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1000 });
  return rows.map(toView).sort((a, b) => Number(b.active) - Number(a.active));
}

/**
 * The hold check of the purges (lib/retention/purge-case.ts, purge-unlinked.ts): an active hold on
 * the case or on the account. Call it inside the purge's transaction, after locking the case or
 * email row and sharing the account's, so a hold being placed is either seen or waits.
 */
export async function findActiveHold(tx: Tx, on: { caseId?: string | null; accountId?: string | null }): Promise<{ id: string } | null> {
  const or: Prisma.LegalHoldWhereInput[] = [];
  if (on.caseId) or.push({ caseId: on.caseId });
  if (on.accountId) or.push({ accountId: on.accountId });
  if (or.length === 0) return null;
  return tx.legalHold.findFirst({ where: { releasedAt: null, OR: or }, select: { id: true } });
}

/** The same check in SQL, over a query's case and account id columns (e.g. `c.id`), for selecting due rows in bulk. */
export function activeHoldSql(on: { caseId?: Prisma.Sql; accountId: Prisma.Sql }): Prisma.Sql {
  const onCase = on.caseId ? Prisma.sql`h."caseId" = ${on.caseId} OR ` : Prisma.empty;
  return Prisma.sql`EXISTS (SELECT 1 FROM "LegalHold" h WHERE h."releasedAt" IS NULL AND (${onCase}h."accountId" = ${on.accountId}))`;
}
