import { isIP } from "node:net";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { KycStatus } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "./shared";

// Account search for staff: one box, five keys. Every branch is an indexed lookup (Account.uid
// unique, Account.emailNormalized b-tree range, Account.phone, Device.externalId, LoginEvent.ip);
// nothing scans a table or matches free text inside personal data.

export const ZSearchAccountsInput = z.strictObject({
  q: z.string().trim().min(1, "Type a uid, email, phone, device id or IP address.").max(200, "Search for at most 200 characters."),
  limit: z.number().int().min(1).max(50).optional(),
});
export type TSearchAccountsInput = z.input<typeof ZSearchAccountsInput>;

export type AccountMatchKey = "uid" | "email" | "phone" | "device" | "ip";

/** Why an account is in the results: which key matched, on what value, and whether exactly. */
export interface AccountMatch {
  by: AccountMatchKey;
  /** The matching stored value (the bound email, the device id, the IP…). */
  value: string;
  exact: boolean;
}

export interface AccountHit {
  uid: string;
  email: string;
  phone: string | null;
  realName: string | null;
  kycStatus: KycStatus;
  matches: AccountMatch[];
}

export interface AccountSearchResult {
  q: string;
  items: AccountHit[];
  /** More accounts matched than `limit` (refine the search). */
  truncated: boolean;
}

export const DEFAULT_SEARCH_LIMIT = 20;
/** An email prefix shorter than this would list half the customer base. */
export const MIN_EMAIL_PREFIX = 3;

/** The smallest string greater than every string starting with `prefix` (code-point order). */
export function prefixUpperBound(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop();
  if (last === undefined) return "\u{10FFFF}";
  const next = last.codePointAt(0)! + 1;
  // Surrogate code points cannot be encoded; skip past them.
  return chars.join("") + String.fromCodePoint(next >= 0xd800 && next <= 0xdfff ? 0xe000 : next);
}

/** The forms a phone number may be stored in (E.164 with or without "+"), or null when q is not one. */
export function phoneCandidates(q: string): string[] | null {
  const compact = q.replace(/[\s().-]/g, "");
  if (!/^\+?\d{5,16}$/.test(compact)) return null;
  const digits = compact.replace(/^\+/, "");
  return [`+${digits}`, digits];
}

const accountSelect = { id: true, uid: true, email: true, phone: true, realName: true, kycStatus: true } as const;
type AccountRow = { id: string; uid: string; email: string; phone: string | null; realName: string | null; kycStatus: KycStatus };
type Found = { account: AccountRow; match: AccountMatch };

async function byUid(q: string): Promise<Found[]> {
  const a = await db.account.findUnique({ where: { uid: q }, select: accountSelect });
  return a ? [{ account: a, match: { by: "uid", value: a.uid, exact: true } }] : [];
}

async function byEmail(q: string, take: number): Promise<Found[]> {
  const p = q.toLowerCase();
  if (p.length < MIN_EMAIL_PREFIX && !p.includes("@")) return [];
  // A range on the b-tree index on emailNormalized (LIKE 'p%' cannot use it under a non-C
  // collation); startsWith keeps the result exact whatever the collation orders.
  const rows = await db.account.findMany({
    where: { AND: [{ emailNormalized: { gte: p, lt: prefixUpperBound(p) } }, { emailNormalized: { startsWith: p } }] },
    orderBy: { emailNormalized: "asc" },
    take,
    select: { ...accountSelect, emailNormalized: true },
  });
  return rows.map(({ emailNormalized, ...a }) => ({ account: a, match: { by: "email", value: a.email, exact: emailNormalized === p } }));
}

async function byPhone(q: string, take: number): Promise<Found[]> {
  const phones = phoneCandidates(q);
  if (!phones) return [];
  const rows = await db.account.findMany({ where: { phone: { in: phones } }, take, select: accountSelect });
  return rows.map((a) => ({ account: a, match: { by: "phone", value: a.phone ?? q, exact: true } }));
}

async function byDevice(q: string, take: number): Promise<Found[]> {
  const rows = await db.device.findMany({ where: { externalId: q }, take, select: { externalId: true, account: { select: accountSelect } } });
  return rows.map((d) => ({ account: d.account, match: { by: "device", value: d.externalId, exact: true } }));
}

async function byIp(q: string, take: number): Promise<Found[]> {
  if (!isIP(q)) return [];
  const ip = q.toLowerCase();
  // Index on LoginEvent.ip; the accounts that logged in from it, most recent first.
  const ids = await db.$queryRaw<{ accountId: string }[]>`
    SELECT "accountId"::text AS "accountId" FROM "LoginEvent" WHERE ip = ${ip}
    GROUP BY "accountId" ORDER BY max("occurredAt") DESC LIMIT ${take}`;
  if (!ids.length) return [];
  const accounts = await db.account.findMany({ where: { id: { in: ids.map((r) => r.accountId) } }, select: accountSelect });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return ids.flatMap((r) => {
    const a = byId.get(r.accountId);
    return a ? [{ account: a, match: { by: "ip" as const, value: ip, exact: true } }] : [];
  });
}

/**
 * Finds accounts by uid (exact), bound email (exact or prefix, case-insensitive), phone, device id
 * (the identity service's) or an IP address seen at a login. Each hit says which keys matched.
 * Exact matches come first, then email prefixes in address order.
 */
export async function searchAccounts(actor: Actor, input: TSearchAccountsInput, opts: { request?: RequestContext } = {}): Promise<AccountSearchResult> {
  await requireStaff(actor, "account.read", { request: opts.request });
  const { q, limit = DEFAULT_SEARCH_LIMIT } = parseInput(ZSearchAccountsInput, input);
  const take = limit + 1;
  const found = (await Promise.all([byUid(q), byDevice(q, take), byPhone(q, take), byIp(q, take), byEmail(q, take)])).flat();

  const hits = new Map<string, AccountHit & { rank: number }>();
  for (const { account, match } of found) {
    const rank = match.exact ? 0 : 1;
    const hit = hits.get(account.id);
    if (hit) {
      hit.matches.push(match);
      hit.rank = Math.min(hit.rank, rank);
    } else {
      const { id: _id, ...rest } = account;
      hits.set(account.id, { ...rest, matches: [match], rank });
    }
  }
  // Stable sort: exact hits keep the order above (uid, device, phone, IP, exact email), prefixes follow.
  const ordered = [...hits.values()].sort((a, b) => a.rank - b.rank);
  return { q, items: ordered.slice(0, limit).map(({ rank: _rank, ...hit }) => hit), truncated: ordered.length > limit };
}
