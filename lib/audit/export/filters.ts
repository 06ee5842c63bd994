import { z } from "zod";
import { prefixUpperBound } from "../../accounts/search-accounts";
import { formatCaseRef, parseCaseRef } from "../../cases/case-ref";
import { db, Prisma } from "../../db";
import { AppError } from "../../errors";
import { AuditOutcome } from "../../generated/prisma/enums";
import { parseInput } from "../../http/parse-input";

// The filters of every read of the audit trail (search, streamed export, background export):
// input validation, resolution of references to ids, and the SQL they stand for. Each filter maps
// to an indexed column (actorId+seq, action+seq, caseId+seq, accountId+seq, occurredAt, seq).

const ZDate = (field: string) =>
  z
    .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()], { error: `${field}: give an ISO date such as 2026-11-26 or a time such as 2026-11-26T09:30:00Z (UTC)` })
    .transform((v) => (v instanceof Date ? v : new Date(v)));

/** One value or several: repeated URL parameters, an array, or comma-separated text. */
const oneOrMany = (item: z.ZodString, field: string, max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(max, `${field}: at most ${max} values`));

/** An exact action ("case.decided") or a prefix ending in "." or "*" ("case.", "auth.*"). */
const ZAction = z.string().max(80).regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.|\.?\*)?$/, "action: an action such as case.decided, or a prefix such as case.");

export const ZAuditFilterInput = z.strictObject({
  /** A staff id (their API tokens' entries included), a staff email, or another actor id (e.g. scheduler). */
  actor: z.string().trim().min(1, "actor: a staff id, email or actor id").max(200, "actor: at most 200 characters").optional(),
  action: oneOrMany(ZAction, "action", 20).optional(),
  /** Case references (GH-000123) or case ids. */
  case: oneOrMany(z.string().max(40, "case: a reference such as GH-000123 or a case id"), "case", 100).optional(),
  /** An account uid or account id. */
  account: z.string().trim().min(1).max(100, "account: an account uid or id").optional(),
  /** Inclusive, UTC. */
  from: ZDate("from").optional(),
  /** Exclusive, UTC. */
  to: ZDate("to").optional(),
  outcome: z.enum(AuditOutcome, `outcome: one of ${Object.values(AuditOutcome).join(", ")}`).optional(),
});

/** As callers send it (URL parameters or JSON); validated and resolved by resolveAuditFilters. */
export interface TAuditFilterInput {
  actor?: string;
  action?: string | string[];
  case?: string | string[];
  account?: string;
  from?: string | Date;
  to?: string | Date;
  outcome?: string;
}

export const AUDIT_FILTER_KEYS = ["actor", "action", "case", "account", "from", "to", "outcome"] as const;

/**
 * Filters with references resolved to ids. Plain JSON (times as ISO strings), so a background
 * export can store it in Export.filters and the manifest can repeat it.
 */
export type AuditFilters = {
  /** Entries by this actor id; for a staff id also their API tokens' (`<staffId>/token:<id>`). */
  actor: string | null;
  actorIsStaff: boolean;
  /** Exact action names and action prefixes; an entry matching any of them passes. */
  actions: string[];
  actionPrefixes: string[];
  caseIds: string[];
  caseRefs: string[];
  accountId: string | null;
  accountUid: string | null;
  from: string | null;
  to: string | null;
  outcome: AuditOutcome | null;
};

const ZUuid = z.uuid();
const isUuid = (s: string) => ZUuid.safeParse(s).success;
const invalid = (path: string, message: string) => new AppError("INVALID_INPUT", message, { fields: [{ path, message }] });

async function resolveCases(values: string[]): Promise<{ ids: string[]; refs: string[] }> {
  const numbers: number[] = [];
  const ids: string[] = [];
  for (const v of values) {
    const n = parseCaseRef(v);
    if (n !== null) numbers.push(n);
    else if (isUuid(v)) ids.push(v.toLowerCase());
    else throw invalid("case", `case: “${v.slice(0, 40)}” is not a case reference (GH-000123) or a case id.`);
  }
  const found = await db.reviewCase.findMany({ where: { OR: [{ number: { in: numbers } }, { id: { in: ids } }] }, select: { id: true, number: true } });
  for (const n of numbers) if (!found.some((c) => c.number === n)) throw invalid("case", `There is no case ${formatCaseRef(n)}.`);
  for (const id of ids) if (!found.some((c) => c.id === id)) throw invalid("case", `There is no case with id ${id}.`);
  found.sort((a, b) => a.number - b.number);
  return { ids: found.map((c) => c.id), refs: found.map((c) => formatCaseRef(c.number)) };
}

async function resolveAccount(value: string): Promise<{ id: string; uid: string }> {
  const account = await db.account.findFirst({ where: isUuid(value) ? { OR: [{ id: value.toLowerCase() }, { uid: value }] } : { uid: value }, select: { id: true, uid: true } });
  if (!account) throw invalid("account", "There is no account with this uid or id.");
  return account;
}

async function resolveActor(value: string): Promise<{ actor: string; isStaff: boolean }> {
  if (isUuid(value)) return { actor: value.toLowerCase(), isStaff: true };
  if (value.includes("@") && !value.includes("/")) {
    const staff = await db.staffUser.findFirst({ where: { email: { equals: value, mode: "insensitive" } }, select: { id: true } });
    if (!staff) throw invalid("actor", "There is no staff member with this email.");
    return { actor: staff.id, isStaff: true };
  }
  return { actor: value, isStaff: false };
}

/** Validates the input (400 naming the field) and resolves case refs, account uids and staff emails to ids. */
export async function resolveAuditFilters(input: TAuditFilterInput): Promise<AuditFilters> {
  const f = parseInput(ZAuditFilterInput, input);
  if (f.from && f.to && f.from >= f.to) throw invalid("to", "to: must be after from.");
  const actions = (f.action ?? []).map((a) => (a.endsWith("*") ? a.slice(0, -1) : a));
  const [cases, account, actor] = await Promise.all([
    f.case?.length ? resolveCases(f.case) : null,
    f.account ? resolveAccount(f.account) : null,
    f.actor ? resolveActor(f.actor) : null,
  ]);
  return {
    actor: actor?.actor ?? null,
    actorIsStaff: actor?.isStaff ?? false,
    actions: [...new Set(actions.filter((a) => !a.endsWith(".") && a.includes(".")))],
    actionPrefixes: [...new Set(actions.filter((a) => a.endsWith(".") || !a.includes(".")).map((a) => (a.endsWith(".") ? a : `${a}.`)))],
    caseIds: cases?.ids ?? [],
    caseRefs: cases?.refs ?? [],
    accountId: account?.id ?? null,
    accountUid: account?.uid ?? null,
    from: f.from?.toISOString() ?? null,
    to: f.to?.toISOString() ?? null,
    outcome: f.outcome ?? null,
  };
}

export function hasAuditFilters(f: AuditFilters): boolean {
  return !!(f.actor || f.actions.length || f.actionPrefixes.length || f.caseIds.length || f.accountId || f.from || f.to || f.outcome);
}

/** The filters as short strings, the way the caller gave them (refs and uids, not ids): for audit entries and manifests. */
export function auditFilterLabels(f: AuditFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.actor) out.actor = f.actor;
  const actions = [...f.actions, ...f.actionPrefixes];
  if (actions.length) out.action = actions.join(",");
  if (f.caseRefs.length) out.case = f.caseRefs.join(",");
  if (f.accountUid) out.account = f.accountUid;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.outcome) out.outcome = f.outcome;
  return out;
}

const utc = (iso: string): Prisma.Sql => Prisma.sql`(${iso}::timestamptz AT TIME ZONE 'UTC')`;

/** A text prefix as an index range; starts_with keeps it exact under any collation. */
const prefixSql = (column: Prisma.Sql, p: string): Prisma.Sql => Prisma.sql`(${column} >= ${p} AND ${column} < ${prefixUpperBound(p)} AND starts_with(${column}, ${p}))`;

/** The filters as one SQL condition on "AuditEntry" aliased `a` (TRUE without filters). */
export function auditWhereSql(f: AuditFilters): Prisma.Sql {
  const conds: Prisma.Sql[] = [];
  const actorId = Prisma.sql`a."actorId"`;
  if (f.actor) conds.push(f.actorIsStaff ? Prisma.sql`(${actorId} = ${f.actor} OR ${prefixSql(actorId, `${f.actor}/token:`)})` : Prisma.sql`${actorId} = ${f.actor}`);
  const action = Prisma.sql`a.action`;
  const actionConds = [
    ...(f.actions.length === 1 ? [Prisma.sql`${action} = ${f.actions[0]}`] : f.actions.length ? [Prisma.sql`${action} = ANY(${f.actions}::text[])`] : []),
    ...f.actionPrefixes.map((p) => prefixSql(action, p)),
  ];
  if (actionConds.length) conds.push(Prisma.sql`(${Prisma.join(actionConds, " OR ")})`);
  if (f.caseIds.length === 1) conds.push(Prisma.sql`a."caseId" = ${f.caseIds[0]}::uuid`);
  else if (f.caseIds.length) conds.push(Prisma.sql`a."caseId" = ANY(${f.caseIds}::uuid[])`);
  if (f.accountId) conds.push(Prisma.sql`a."accountId" = ${f.accountId}::uuid`);
  if (f.from) conds.push(Prisma.sql`a."occurredAt" >= ${utc(f.from)}`);
  if (f.to) conds.push(Prisma.sql`a."occurredAt" < ${utc(f.to)}`);
  if (f.outcome) conds.push(Prisma.sql`a.outcome = ${f.outcome}::"AuditOutcome"`);
  return conds.length ? Prisma.join(conds, " AND ") : Prisma.sql`TRUE`;
}
