import { z } from "zod";
import type { Actor } from "../../auth/actor";
import { requireStaff } from "../../auth/require-staff";
import { parseCaseRef } from "../../cases/case-ref";
import { db, type Prisma } from "../../db";
import { InboundEmailStatus } from "../../generated/prisma/enums";
import type { RequestContext } from "../../http/request-context";
import { decodeCursor, encodeCursor, type InboundCursor } from "./cursor";
import { countVerdicts, inboundRowSelect, noVerdicts, toInboundRow, type InboundEmailRow, type VerdictCounts } from "./inbound-view";
import { isStuck } from "./rules";
import { INBOUND_TARGET, parseInput } from "./shared";

export const ZInboundStatus = z.enum(InboundEmailStatus);

export const ZListInboundEmailsInput = z.strictObject({
  /** One status or several (e.g. RECEIVED and PROCESSING: everything in flight). */
  status: z.union([ZInboundStatus, z.array(ZInboundStatus).max(6)]).optional(),
  /** Free text: part of the sender address, subject, provider id or Message-ID; an exact email id, account uid or case reference. */
  q: z.string().max(200, "Search for at most 200 characters.").optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});
/** As callers send it (statuses as strings); validated against ZListInboundEmailsInput inside. */
export interface TListInboundEmailsInput {
  status?: string | string[];
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface InboundEmailPage {
  items: InboundEmailRow[];
  /** The next page down (older emails); null on the last page. */
  nextCursor: string | null;
  /** The page above (newer emails); null on the first page. */
  prevCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
const ZUuid = z.uuid();

function searchWhere(q: string | undefined): Prisma.InboundEmailWhereInput | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const like = (value: string) => ({ contains: value, mode: "insensitive" as const });
  const or: Prisma.InboundEmailWhereInput[] = [
    { fromAddress: like(text) },
    { subject: like(text) },
    { providerMessageId: like(text) },
    { messageId: like(text.replace(/^<|>$/g, "")) },
    { account: { uid: text } },
  ];
  if (ZUuid.safeParse(text).success) or.push({ id: text.toLowerCase() });
  const ref = parseCaseRef(text);
  if (ref !== null) or.push({ case: { number: ref } });
  return { OR: or };
}

function keysetWhere(c: InboundCursor): Prisma.InboundEmailWhereInput {
  const at = c.receivedAt;
  return c.dir === "older"
    ? { OR: [{ receivedAt: { lt: at } }, { receivedAt: at, id: { lt: c.id } }] }
    : { OR: [{ receivedAt: { gt: at } }, { receivedAt: at, id: { gt: c.id } }] };
}

/** When each in-flight email was last retried by staff: "stuck" counts from then, not from its arrival. */
async function lastRetries(rows: { id: string; status: InboundEmailStatus }[]): Promise<Map<string, Date>> {
  const ids = rows.filter((r) => r.status === "RECEIVED" || r.status === "PROCESSING").map((r) => r.id);
  if (!ids.length) return new Map();
  const groups = await db.auditEntry.groupBy({ by: ["targetId"], where: { action: "email.retried", targetType: INBOUND_TARGET, targetId: { in: ids } }, _max: { occurredAt: true } });
  return new Map(groups.flatMap((g) => (g.targetId && g._max.occurredAt ? [[g.targetId, g._max.occurredAt] as const] : [])));
}

async function verdictsFor(ids: string[]): Promise<Map<string, VerdictCounts>> {
  if (!ids.length) return new Map();
  const groups = await db.document.groupBy({ by: ["inboundEmailId", "verdict"], where: { inboundEmailId: { in: ids } }, _count: { _all: true } });
  const out = new Map<string, VerdictCounts>();
  for (const id of ids) out.set(id, countVerdicts(groups.filter((g) => g.inboundEmailId === id).map((g) => ({ verdict: g.verdict, count: g._count._all }))));
  return out;
}

/**
 * Inbound emails, newest first, for staff and operators: what happened to each delivery (status,
 * sender, match, vetting verdicts, sender authentication, errors). Keyset paging on
 * (receivedAt, id), so pages stay stable while new mail arrives.
 */
export async function listInboundEmails(actor: Actor, input: TListInboundEmailsInput = {}, opts: { request?: RequestContext; now?: Date } = {}): Promise<InboundEmailPage> {
  await requireStaff(actor, "inbound.read", { request: opts.request });
  const { status, q, cursor: rawCursor, limit = DEFAULT_PAGE_SIZE } = parseInput(ZListInboundEmailsInput, input);
  const cursor = rawCursor ? decodeCursor(rawCursor) : null;
  const statuses = status === undefined ? undefined : Array.isArray(status) ? status : [status];
  const now = opts.now ?? new Date();

  const filters: Prisma.InboundEmailWhereInput[] = [];
  if (statuses?.length) filters.push({ status: { in: statuses } });
  const search = searchWhere(q);
  if (search) filters.push(search);
  if (cursor) filters.push(keysetWhere(cursor));
  const order = cursor?.dir === "newer" ? "asc" : "desc";

  const fetched = await db.inboundEmail.findMany({
    where: { AND: filters },
    orderBy: [{ receivedAt: order }, { id: order }],
    take: limit + 1,
    select: inboundRowSelect,
  });
  const more = fetched.length > limit;
  const page = fetched.slice(0, limit);
  if (order === "asc") page.reverse();

  const [verdicts, retried] = await Promise.all([verdictsFor(page.map((r) => r.id)), lastRetries(page)]);
  const items = page.map((r) => ({ ...toInboundRow(r, verdicts.get(r.id) ?? noVerdicts(), now), stuck: isStuck(r, now, retried.get(r.id) ?? null) }));
  const first = page[0];
  const last = page[page.length - 1];
  const older = last && (cursor?.dir === "newer" || more) ? encodeCursor({ dir: "older", receivedAt: last.receivedAt, id: last.id }) : null;
  const newer = first && (cursor?.dir === "older" || (cursor?.dir === "newer" && more)) ? encodeCursor({ dir: "newer", receivedAt: first.receivedAt, id: first.id }) : null;
  return { items, nextCursor: older, prevCursor: newer };
}
