import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import { AuthMethod, LoginOutcome, type DevicePlatform, type LoginFailureReason } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { decodeLoginCursor, encodeLoginCursor, type LoginCursor } from "./login-cursor";
import { accountIdForUid, parseInput } from "./shared";

// An account's login (authorisation) history, newest first, filtered on the server and paged by
// keyset on the LoginEvent (accountId, occurredAt desc, id desc) index: every page costs the same
// however deep it is, and rows arriving meanwhile never shift a page.

const ZDate = z.coerce.date({ error: "Give a date or an ISO 8601 time." });

export const ZListLoginsInput = z
  .strictObject({
    uid: z.string().trim().min(1).max(100),
    /** Gatehouse's device id (UUID) or the identity service's device id. */
    deviceId: z.string().trim().min(1).max(200).optional(),
    method: z.enum(AuthMethod).optional(),
    outcome: z.enum(LoginOutcome).optional(),
    /** Inclusive. */
    from: ZDate.optional(),
    /** Exclusive. */
    to: ZDate.optional(),
    cursor: z.string().max(120).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .refine((v) => !v.from || !v.to || v.from < v.to, { message: "“From” must be before “to”.", path: ["to"] });
/** As callers send it (enums as strings, times as Dates or ISO strings); validated against ZListLoginsInput inside. */
export interface TListLoginsInput {
  uid: string;
  deviceId?: string;
  method?: string;
  outcome?: string;
  from?: Date | string;
  to?: Date | string;
  cursor?: string;
  limit?: number;
}

export interface LoginRow {
  /** LoginEvent id (a 64-bit integer, as a string). */
  id: string;
  /** The identity service's event id. */
  externalId: string;
  occurredAt: Date;
  device: { id: string; externalId: string; platform: DevicePlatform; model: string | null } | null;
  ip: string | null;
  /** IP the web session saw at the same login, when reported. */
  webIp: string | null;
  /** webIp and ip differ: code entry and face check came from different addresses. */
  ipMismatch: boolean;
  asn: number | null;
  network: string | null;
  country: string | null;
  userAgent: string | null;
  appVersion: string | null;
  method: AuthMethod;
  outcome: LoginOutcome;
  failureReason: LoginFailureReason | null;
}

export interface LoginPage {
  items: LoginRow[];
  /** The next page down (older logins); null on the last page. */
  nextCursor: string | null;
  /** The page above (newer logins); null on the first page. */
  prevCursor: string | null;
}

export const DEFAULT_LOGIN_PAGE_SIZE = 50;
const ZUuid = z.uuid();

const loginSelect = {
  id: true,
  externalId: true,
  occurredAt: true,
  ip: true,
  webIp: true,
  asn: true,
  network: true,
  country: true,
  userAgent: true,
  appVersion: true,
  method: true,
  outcome: true,
  failureReason: true,
  device: { select: { id: true, externalId: true, platform: true, model: true } },
} as const;

function keysetWhere(c: LoginCursor): Prisma.LoginEventWhereInput {
  const at = c.occurredAt;
  // The plain bound (lte/gte) lets Postgres start the index scan at the cursor; the OR breaks ties.
  return c.dir === "older"
    ? { occurredAt: { lte: at }, OR: [{ occurredAt: { lt: at } }, { id: { lt: c.id } }] }
    : { occurredAt: { gte: at }, OR: [{ occurredAt: { gt: at } }, { id: { gt: c.id } }] };
}

async function deviceFilter(accountId: string, deviceId: string): Promise<string> {
  if (ZUuid.safeParse(deviceId).success) return deviceId.toLowerCase();
  const device = await db.device.findUnique({ where: { accountId_externalId: { accountId, externalId: deviceId } }, select: { id: true } });
  if (!device) throw new AppError("INVALID_INPUT", "This account has no device with this id.", { fields: [{ path: "deviceId", message: "unknown device" }] });
  return device.id;
}

/** One page of an account's logins, newest first, with optional device, method, outcome and time filters. */
export async function listLogins(actor: Actor, input: TListLoginsInput, opts: { request?: RequestContext } = {}): Promise<LoginPage> {
  await requireStaff(actor, "account.read", { request: opts.request });
  const { uid, deviceId, method, outcome, from, to, cursor: rawCursor, limit = DEFAULT_LOGIN_PAGE_SIZE } = parseInput(ZListLoginsInput, input);
  const cursor = rawCursor ? decodeLoginCursor(rawCursor) : null;
  const accountId = await accountIdForUid(uid);

  const filters: Prisma.LoginEventWhereInput[] = [{ accountId }];
  if (deviceId) filters.push({ deviceId: await deviceFilter(accountId, deviceId) });
  if (method) filters.push({ method });
  if (outcome) filters.push({ outcome });
  if (from) filters.push({ occurredAt: { gte: from } });
  if (to) filters.push({ occurredAt: { lt: to } });
  if (cursor) filters.push(keysetWhere(cursor));
  const order = cursor?.dir === "newer" ? "asc" : "desc";

  const fetched = await db.loginEvent.findMany({ where: { AND: filters }, orderBy: [{ occurredAt: order }, { id: order }], take: limit + 1, select: loginSelect });
  const more = fetched.length > limit;
  const page = fetched.slice(0, limit);
  if (order === "asc") page.reverse();

  const items: LoginRow[] = page.map((r) => ({ ...r, id: r.id.toString(), ipMismatch: !!r.webIp && !!r.ip && r.webIp !== r.ip }));
  const first = page[0];
  const last = page[page.length - 1];
  const older = last && (cursor?.dir === "newer" || more) ? encodeLoginCursor({ dir: "older", occurredAt: last.occurredAt, id: last.id }) : null;
  const newer = first && (cursor?.dir === "older" || (cursor?.dir === "newer" && more)) ? encodeLoginCursor({ dir: "newer", occurredAt: first.occurredAt, id: first.id }) : null;
  return { items, nextCursor: older, prevCursor: newer };
}
