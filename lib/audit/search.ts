import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { ActorType, AuditOutcome, StaffRole } from "../generated/prisma/enums";
import { parseInput } from "../http/parse-input";
import type { RequestContext } from "../http/request-context";
import { appendAudit } from "./append";
import { AUDIT_FILTER_KEYS, auditFilterLabels, resolveAuditFilters, type AuditFilters, type TAuditFilterInput } from "./export/filters";
import { pageSql, tupleToValues, TUPLE_KEYS, valuesToRow, type AuditExportRow } from "./export/rows";

// Searching the audit trail (the /audit page and GET /api/v1/audit/entries): filters, keyset
// pages on seq (no offset: page 1,000 costs what page 1 does), newest or oldest first. Every
// search is itself recorded as an `audit.searched` entry.

export const DEFAULT_AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 200;

export type TAuditSearchInput = TAuditFilterInput & {
  /** "desc" (newest first, the default) or "asc" (oldest first). */
  order?: string;
  /** nextCursor or prevCursor of a previous page. */
  cursor?: string;
  limit?: number | string;
};

const ZPaging = z.strictObject({
  order: z.enum(["asc", "desc"], "order: asc or desc").optional(),
  cursor: z.string().max(100, "cursor: not one this list returned").optional(),
  limit: z.coerce.number("limit: a number from 1 to 200").int("limit: a whole number").min(1, "limit: at least 1").max(MAX_AUDIT_PAGE_SIZE, `limit: at most ${MAX_AUDIT_PAGE_SIZE}`).optional(),
});

export interface AuditEntryRow {
  seq: string;
  occurredAt: string;
  actor: { type: ActorType; id: string | null; role: StaffRole | null; name: string | null };
  action: string;
  outcome: AuditOutcome;
  target: { type: string; id: string | null } | null;
  case: { id: string; ref: string | null } | null;
  account: { id: string; uid: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The entry's typed before/after summary (lib/audit/actions.ts). */
  data: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  rows: AuditEntryRow[];
  /** The page after this one in the chosen order; null on the last page. */
  nextCursor: string | null;
  /** The page before this one; null on the first page. */
  prevCursor: string | null;
  applied: { order: "asc" | "desc"; limit: number; filters: AuditFilters };
}

// A cursor: the order it belongs to, the way it walks (on = further in that order, back = towards
// the start) and the seq to continue from, as base64url JSON.
interface Cursor {
  order: "asc" | "desc";
  way: "on" | "back";
  seq: bigint;
}
const ZCursor = z.strictObject({ o: z.enum(["asc", "desc"]), w: z.enum(["on", "back"]), s: z.string().regex(/^\d{1,19}$/) });

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ o: c.order, w: c.way, s: c.seq.toString() }), "utf8").toString("base64url");
}

function decodeCursor(value: string, order: "asc" | "desc"): Cursor {
  const invalid = (why: string) => new AppError("INVALID_INPUT", `The cursor ${why}; start again from the first page.`, { fields: [{ path: "cursor", message: why }] });
  let parsed: z.infer<typeof ZCursor>;
  try {
    parsed = ZCursor.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
  } catch {
    throw invalid("is not one this list returned");
  }
  if (parsed.o !== order) throw invalid("belongs to the other order");
  return { order: parsed.o, way: parsed.w, seq: BigInt(parsed.s) };
}

const flip = (o: "asc" | "desc") => (o === "asc" ? "desc" : "asc");

function toEntryRow(r: AuditExportRow): AuditEntryRow {
  return {
    seq: r.seq,
    occurredAt: r.occurredAt,
    actor: { type: r.actorType as ActorType, id: r.actorId, role: r.actorRole as StaffRole | null, name: r.actorName },
    action: r.action,
    outcome: r.outcome as AuditOutcome,
    target: r.targetType ? { type: r.targetType, id: r.targetId } : null,
    case: r.caseId ? { id: r.caseId, ref: r.caseRef } : null,
    account: r.accountId ? { id: r.accountId, uid: r.accountUid } : null,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    data: JSON.parse(r.data),
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/**
 * One page of audit entries matching the filters (actor, action or action prefix, case, account,
 * UTC date range, outcome). Needs `audit.read` (SUPERVISOR, AUDITOR, ADMIN); the search itself is
 * recorded (`audit.searched`: the filters, the rows returned, console or API).
 */
export async function listAuditEntries(actor: Actor, input: TAuditSearchInput, opts: { request?: RequestContext; via?: "console" | "api" } = {}): Promise<AuditPage> {
  await requireStaff(actor, "audit.read", { request: opts.request });
  const filterInput: Record<string, unknown> = {};
  const pagingInput: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) ((AUDIT_FILTER_KEYS as readonly string[]).includes(k) ? filterInput : pagingInput)[k] = v;
  const paging = parseInput(ZPaging, pagingInput);
  const filters = await resolveAuditFilters(filterInput);
  const order = paging.order ?? "desc";
  const limit = paging.limit ?? DEFAULT_AUDIT_PAGE_SIZE;
  const cursor = paging.cursor ? decodeCursor(paging.cursor, order) : null;

  // Walking on: beyond the cursor in the page order. Walking back: the other way, then reversed.
  const walk = cursor?.way === "back" ? flip(order) : order;
  const bound = cursor ? (walk === "asc" ? { afterSeq: cursor.seq } : { beforeSeq: cursor.seq }) : {};
  const records = await db.$queryRaw<Record<(typeof TUPLE_KEYS)[number], unknown>[]>(pageSql(filters, bound, walk, limit + 1));
  // The columns are typed by the SELECT (text, and an integer case number).
  const fetched = records.map((r) => valuesToRow(tupleToValues(TUPLE_KEYS.map((k) => r[k]) as (string | number | null)[])));
  const more = fetched.length > limit;
  const page = fetched.slice(0, limit);
  if (walk !== order) page.reverse();

  const first = page[0];
  const last = page[page.length - 1];
  const nextCursor = last && (cursor?.way === "back" || more) ? encodeCursor({ order, way: "on", seq: BigInt(last.seq) }) : null;
  const prevCursor = first && (cursor?.way === "on" || (cursor?.way === "back" && more)) ? encodeCursor({ order, way: "back", seq: BigInt(first.seq) }) : null;

  const labels: Record<string, string> = { ...auditFilterLabels(filters), order, limit: String(limit) };
  if (cursor) labels.cursor = `${cursor.way === "on" ? "after" : "before"} seq ${cursor.seq}`;
  await db.$transaction((tx) => appendAudit(tx, { action: "audit.searched", actor, request: opts.request, data: { filters: labels, rows: page.length, via: opts.via ?? "api" } }));

  return { rows: page.map(toEntryRow), nextCursor, prevCursor, applied: { order, limit, filters } };
}

/**
 * URL search params → search or export input. Repeated and comma-separated values of `action` and
 * `case` both work. With `unknown: "reject"` (the JSON API) unknown parameters pass on, so the
 * strict schema names a typo instead of ignoring it.
 */
export function auditInputFromSearchParams(params: URLSearchParams, extraKeys: readonly string[], opts: { unknown?: "ignore" | "reject" } = {}): Record<string, string | string[]> {
  const input: Record<string, string | string[]> = {};
  const keys = [...AUDIT_FILTER_KEYS, ...extraKeys];
  for (const key of keys) {
    const values = params.getAll(key).map((v) => v.trim()).filter(Boolean);
    if (!values.length) continue;
    input[key] = key === "action" || key === "case" ? values : values[0];
  }
  if (opts.unknown === "reject") for (const key of new Set(params.keys())) if (!keys.includes(key)) input[key] = params.get(key) ?? "";
  return input;
}
