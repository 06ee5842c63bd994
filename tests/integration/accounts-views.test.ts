import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { GET as loginsRoute } from "@/app/api/v1/accounts/[uid]/logins/route";
import { GET as accountRoute } from "@/app/api/v1/accounts/[uid]/route";
import { GET as searchRoute } from "@/app/api/v1/accounts/route";
import { getAccount } from "@/lib/accounts/get-account";
import { listLogins, type LoginPage, type TListLoginsInput } from "@/lib/accounts/list-logins";
import { worstFailureBurst } from "@/lib/accounts/risk-flags";
import { searchAccounts } from "@/lib/accounts/search-accounts";
import type { Actor } from "@/lib/auth/actor";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { db, type AuthMethod, type LoginOutcome, type Prisma, type StaffRole } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { sharedRedis } from "@/lib/queue/connection";
import { makeStaff } from "./support/staff";

afterAll(async () => {
  sharedRedis().disconnect();
  await db.$disconnect();
});

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ROLES: StaffRole[] = ["AGENT", "SUPERVISOR", "AUDITOR", "ADMIN"];
const ago = (ms: number, now = Date.now()) => new Date(now - ms);
const short = () => randomUUID().replaceAll("-", "").slice(0, 12);

async function staff(role: StaffRole = "AGENT"): Promise<Actor & { type: "STAFF" }> {
  const s = await makeStaff(role);
  return { type: "STAFF", id: s.id, role };
}

async function account(data: Partial<Prisma.AccountCreateInput> = {}) {
  const email = data.email ?? `c-${short()}@mail.example.com`;
  return db.account.create({ data: { uid: `U${short()}`, email, emailNormalized: email.toLowerCase(), realName: "Alex Example", kycStatus: "VERIFIED", ...data } });
}

async function device(accountId: string, data: Partial<Prisma.DeviceUncheckedCreateInput> = {}) {
  const now = new Date();
  return db.device.create({ data: { accountId, externalId: `dev_${short()}`, platform: "IOS", model: "iPhone 15", appVersion: "7.2.0", firstSeenAt: ago(90 * DAY), lastSeenAt: now, ...data } });
}

type LoginData = { at: Date; deviceId?: string; ip?: string; webIp?: string | null; country?: string; asn?: number; network?: string; method?: AuthMethod; outcome?: LoginOutcome };
async function logins(accountId: string, rows: LoginData[]) {
  await db.loginEvent.createMany({
    data: rows.map((r) => ({
      externalId: `evt_${randomUUID()}`,
      accountId,
      deviceId: r.deviceId,
      occurredAt: r.at,
      ip: r.ip ?? "203.0.113.10",
      webIp: r.webIp ?? null,
      country: r.country ?? "GB",
      asn: r.asn ?? 64500,
      network: r.network ?? "Home Broadband GB",
      method: r.method ?? "FACE",
      outcome: r.outcome ?? "SUCCESS",
      failureReason: r.outcome === "FAILURE" ? "LIVENESS_FAILED" : null,
    })),
  });
  return db.loginEvent.findMany({ where: { accountId }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }] });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
}

describe("searchAccounts", () => {
  it("finds an account by uid, email (exact and prefix, any case), phone, device id and login IP, and says which matched", async () => {
    const agent = await staff();
    const tag = short();
    const a = await account({ email: `Jo.Tester.${tag}@Example.org`, phone: "+447700900123" });
    const other = await account({ email: `jo.tester.${tag}@example.org.uk` });
    const d = await device(a.id, { externalId: `dev_search_${tag}` });
    await logins(a.id, [{ at: ago(HOUR), ip: "198.51.100.77", deviceId: d.id }]);
    await logins(other.id, [{ at: ago(2 * HOUR), ip: "198.51.100.77" }]);

    const by = async (q: string) => (await searchAccounts(agent, { q })).items.map((h) => ({ uid: h.uid, matches: h.matches.map((m) => `${m.by}:${m.exact ? "exact" : "prefix"}`) }));
    expect(await by(a.uid)).toEqual([{ uid: a.uid, matches: ["uid:exact"] }]);
    expect(await by(`JO.TESTER.${tag}@EXAMPLE.ORG`)).toEqual([
      { uid: a.uid, matches: ["email:exact"] },
      { uid: other.uid, matches: ["email:prefix"] },
    ]);
    expect(await by(`jo.tester.${tag}`)).toEqual([
      { uid: a.uid, matches: ["email:prefix"] },
      { uid: other.uid, matches: ["email:prefix"] },
    ]);
    expect(await by("+44 7700 900123")).toEqual([{ uid: a.uid, matches: ["phone:exact"] }]);
    expect(await by("447700900123")).toEqual([{ uid: a.uid, matches: ["phone:exact"] }]);
    expect(await by(d.externalId)).toEqual([{ uid: a.uid, matches: ["device:exact"] }]);
    // Most recent login from the address first.
    expect(await by("198.51.100.77")).toEqual([
      { uid: a.uid, matches: ["ip:exact"] },
      { uid: other.uid, matches: ["ip:exact"] },
    ]);
    const hit = (await searchAccounts(agent, { q: d.externalId })).items[0];
    expect(hit).toMatchObject({ uid: a.uid, email: a.email, phone: "+447700900123", kycStatus: "VERIFIED", matches: [{ by: "device", value: d.externalId, exact: true }] });
    expect(hit).not.toHaveProperty("id");
  });

  it("returns nothing for unknown keys, no prefix search below three letters, caps results, and validates", async () => {
    const agent = await staff();
    const tag = short();
    for (let i = 0; i < 4; i++) await account({ email: `cap${tag}${i}@example.net` });
    expect((await searchAccounts(agent, { q: "no-such-thing-anywhere" })).items).toEqual([]);
    expect((await searchAccounts(agent, { q: "ca" })).items).toEqual([]);
    const capped = await searchAccounts(agent, { q: `cap${tag}`, limit: 3 });
    expect([capped.items.length, capped.truncated]).toEqual([3, true]);
    // Prefix characters that mean something to LIKE are taken literally.
    expect((await searchAccounts(agent, { q: `cap${tag}%` })).items).toEqual([]);
    expect((await searchAccounts(agent, { q: `cap_${tag.slice(1)}` })).items).toEqual([]);
    expect(await codeOf(searchAccounts(agent, { q: "   " }))).toBe("INVALID_INPUT");
    expect(await codeOf(searchAccounts(agent, { q: "x".repeat(201) }))).toBe("INVALID_INPUT");
  });
});

describe("getAccount", () => {
  it("shows identity, devices with who authorised them and the expiry countdown, and the account's cases", async () => {
    const supervisor = await makeStaff("SUPERVISOR");
    const holder = await account({ uid: `HOLD${short()}` });
    const a = await account({ kycStatus: "UNVERIFIED", realName: null, securityItems: ["EMAIL_CODE", "SMS_CODE"], idFingerprint: `fp-${short()}`, idConflictAccountId: holder.id, phone: "+12025550100" });
    const now = new Date();
    const kase = await db.reviewCase.create({ data: { accountId: a.id, slaDueAt: new Date(now.getTime() + HOUR), riskFlags: ["IP_MISMATCH"], status: "APPROVED", decidedAt: now } });
    const older = await db.reviewCase.create({ data: { accountId: a.id, slaDueAt: now, createdAt: ago(5 * DAY, now.getTime()) } });
    const face = await device(a.id, { status: "AUTHORIZED", authMethod: "FACE", authorizedAt: ago(40 * DAY), lastLoginAt: ago(10 * DAY), lastSeenAt: ago(10 * DAY) });
    const manual = await device(a.id, {
      status: "AUTHORIZED", authMethod: "MANUAL", authorizedAt: ago(2 * DAY), lastLoginAt: ago(20 * DAY), decidedById: supervisor.id, decisionReason: "CASE_APPROVED", decisionCaseId: kase.id, lastSeenAt: ago(DAY),
    });
    const overdue = await device(a.id, { status: "AUTHORIZED", authMethod: "OLD_DEVICE", authorizedAt: ago(60 * DAY), lastLoginAt: ago(31 * DAY), lastSeenAt: ago(31 * DAY) });
    const pending = await device(a.id, { status: "PENDING", lastSeenAt: ago(HOUR) });

    const detail = await getAccount(await staff("AUDITOR"), { uid: a.uid }, { now });
    expect(detail.identity).toEqual({
      uid: a.uid, realName: null, kycStatus: "UNVERIFIED", verified: false, email: a.email, phone: "+12025550100", locale: null,
      securityItems: ["EMAIL_CODE", "SMS_CODE"], idDocumentOnFile: true, idConflict: { uid: holder.uid }, updatedAt: a.updatedAt,
    });
    expect(JSON.stringify(detail)).not.toContain(a.idFingerprint!);
    // Most recently seen first.
    expect(detail.devices.map((d) => d.id)).toEqual([pending.id, manual.id, face.id, overdue.id]);
    const byId = new Map(detail.devices.map((d) => [d.id, d]));
    expect(byId.get(face.id)!.expiry).toEqual({ expiresAt: new Date(face.lastLoginAt!.getTime() + 30 * DAY), daysLeft: 20, overdue: false });
    // Re-authorised after its last login: the clock starts at the authorisation.
    expect(byId.get(manual.id)!.expiry).toMatchObject({ expiresAt: new Date(manual.authorizedAt!.getTime() + 30 * DAY), daysLeft: 28 });
    expect(byId.get(manual.id)!.decision).toEqual({ by: { id: supervisor.id, name: "Test SUPERVISOR" }, requestedBy: null, reason: "CASE_APPROVED", caseId: kase.id, caseRef: formatCaseRef(kase.number) });
    expect(byId.get(overdue.id)!.expiry).toMatchObject({ daysLeft: 0, overdue: true });
    expect(byId.get(pending.id)!).toMatchObject({ status: "PENDING", expiry: null, decision: null, platform: "IOS", model: "iPhone 15", appVersion: "7.2.0", externalId: pending.externalId });
    expect(detail.cases).toEqual([
      { id: kase.id, ref: formatCaseRef(kase.number), status: "APPROVED", priority: "NORMAL", riskFlags: ["IP_MISMATCH"], deviceId: null, createdAt: kase.createdAt, decidedAt: kase.decidedAt },
      expect.objectContaining({ id: older.id, ref: formatCaseRef(older.number), status: "NEW" }),
    ]);
    expect(detail.deviceExpiryDays).toBe(30);
    expect(await codeOf(getAccount(await staff(), { uid: "no-such-uid" }))).toBe("NOT_FOUND");
  });

  it("raises risk flags from the logins, each with its evidence", async () => {
    const a = await account();
    const phone = await device(a.id);
    const base = { deviceId: phone.id };
    const history = Array.from({ length: 6 }, (_, i) => ({ ...base, at: ago((60 - i) * DAY) }));
    await logins(a.id, history);
    const recent = await logins(a.id, [
      { ...base, at: ago(3 * DAY) }, // same place as ever: nothing to flag
      { ...base, at: ago(2 * DAY), ip: "203.0.113.10", webIp: "192.0.2.44" }, // web and app addresses differ
      { ...base, at: ago(26 * HOUR), ip: "198.51.100.5", country: "DE", asn: 64999, network: "Fabrikam Mobile DE" }, // new country + network
      ...[1, 2, 3, 4, 5].map((h) => ({ ...base, at: ago(h * HOUR), outcome: "FAILURE" as const })), // five failures in five hours
    ]);
    const id = (at: number) => recent.find((r) => Math.abs(r.occurredAt.getTime() - (Date.now() - at)) < 60_000)!.id.toString();

    const { risk } = await getAccount(await staff(), { uid: a.uid });
    const flags = Object.fromEntries(risk.flags.map((f) => [f.flag, f]));
    expect(Object.keys(flags).sort()).toEqual(["IP_MISMATCH", "MANY_FAILURES", "NEW_COUNTRY", "NEW_NETWORK"]);
    expect(flags.IP_MISMATCH).toMatchObject({ count: 1, evidence: [{ loginId: id(2 * DAY), ip: "203.0.113.10", webIp: "192.0.2.44" }] });
    expect(flags.NEW_COUNTRY).toMatchObject({ subjects: ["DE"], count: 1, evidence: [{ loginId: id(26 * HOUR), country: "DE" }] });
    expect(flags.NEW_NETWORK).toMatchObject({ subjects: ["Fabrikam Mobile DE (AS64999)"], count: 1, evidence: [{ loginId: id(26 * HOUR), asn: 64999 }] });
    expect(flags.MANY_FAILURES.count).toBe(5);
    expect(flags.MANY_FAILURES.evidence.map((e) => e.loginId)).toEqual([1, 2, 3, 4, 5].map((h) => id(h * HOUR)));
    expect(flags.MANY_FAILURES.evidence.every((e) => e.outcome === "FAILURE" && e.failureReason === "LIVENESS_FAILED")).toBe(true);
    expect(risk.window.to.getTime() - risk.window.from.getTime()).toBe(30 * DAY);
  });

  it("does not flag an account's first login, old news, or failures spread over more than a day", async () => {
    const a = await account();
    await logins(a.id, [
      // The very first login sets the baseline (and its address mismatch is outside the window).
      { at: ago(45 * DAY), country: "FR", asn: 65001, ip: "203.0.113.1", webIp: "192.0.2.1" },
      { at: ago(10 * DAY), country: "FR", asn: 65001 },
      ...[1, 7, 13, 19, 25].map((h) => ({ at: ago(h * 6 * HOUR), outcome: "FAILURE" as const })), // every 36 h on average
      { at: ago(2 * DAY), country: "FR", asn: 65001 },
    ]);
    const { risk } = await getAccount(await staff(), { uid: a.uid });
    // GB/64500 (the factory default for the failures) appears after FR: that one is new.
    expect(risk.flags.map((f) => f.flag).sort()).toEqual(["NEW_COUNTRY", "NEW_NETWORK"]);
    expect(worstFailureBurst([0, 6, 12, 18, 24].map((h) => ({ occurredAt: new Date(h * HOUR) })))).toBeNull();
    expect(worstFailureBurst([0, 5, 10, 15, 20, 30].map((h) => ({ occurredAt: new Date(h * HOUR) })))?.length).toBe(5);
  });
});

describe("listLogins", () => {
  async function walk(actor: Actor, input: TListLoginsInput): Promise<{ ids: string[]; pages: LoginPage[] }> {
    const pages: LoginPage[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLogins(actor, { ...input, cursor });
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 50);
    return { ids: pages.flatMap((p) => p.items.map((i) => i.id)), pages };
  }

  it("pages by keyset on (occurredAt desc, id desc), stable across equal timestamps and new arrivals", async () => {
    const agent = await staff();
    const a = await account();
    const same = ago(DAY);
    await logins(a.id, [...Array.from({ length: 13 }, () => ({ at: same })), ...Array.from({ length: 8 }, (_, i) => ({ at: ago(2 * DAY + i * HOUR) })), { at: ago(HOUR) }]);
    const expected = (await db.loginEvent.findMany({ where: { accountId: a.id }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], select: { id: true } })).map((r) => r.id.toString());

    const first = await listLogins(agent, { uid: a.uid, limit: 5 });
    expect(first.prevCursor).toBeNull();
    // A login arriving after the first page never shifts the later ones.
    await logins(a.id, [{ at: new Date() }]);
    const { ids, pages } = await walk(agent, { uid: a.uid, limit: 5 });
    expect(ids.slice(1)).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    const fromFirst: string[] = [...first.items.map((i) => i.id)];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listLogins(agent, { uid: a.uid, limit: 5, cursor });
      fromFirst.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    }
    expect(fromFirst).toEqual(expected);
    expect(pages.at(-1)!.nextCursor).toBeNull();

    // Back up the list: "newer" from page 3 is page 2 exactly.
    const back = await listLogins(agent, { uid: a.uid, limit: 5, cursor: pages[2].prevCursor! });
    expect(back.items.map((i) => i.id)).toEqual(pages[1].items.map((i) => i.id));
    expect(back.nextCursor).not.toBeNull();
    expect(JSON.parse(JSON.stringify(first.items[0]))).toMatchObject({ id: expect.any(String), occurredAt: expect.any(String) });
  });

  it("filters by device (either id), method, outcome and time on the server", async () => {
    const agent = await staff();
    const a = await account();
    const phone = await device(a.id);
    const laptop = await device(a.id, { platform: "WEB", model: "Firefox" });
    await logins(a.id, [
      { at: ago(1 * DAY), deviceId: phone.id, method: "FACE", outcome: "FAILURE" },
      { at: ago(2 * DAY), deviceId: phone.id, method: "FACE", outcome: "SUCCESS" },
      { at: ago(3 * DAY), deviceId: laptop.id, method: "SECURITY_ITEMS", outcome: "SUCCESS", ip: "203.0.113.9", webIp: "192.0.2.9" },
      { at: ago(9 * DAY), deviceId: laptop.id, method: "OLD_DEVICE", outcome: "PENDING_REVIEW" },
    ]);
    const all = async (input: Omit<TListLoginsInput, "uid">) => (await listLogins(agent, { uid: a.uid, ...input })).items;
    expect((await all({ deviceId: phone.id })).map((r) => r.device?.id)).toEqual([phone.id, phone.id]);
    expect((await all({ deviceId: laptop.externalId })).map((r) => r.method)).toEqual(["SECURITY_ITEMS", "OLD_DEVICE"]);
    expect((await all({ method: "FACE", outcome: "SUCCESS" })).map((r) => r.occurredAt.getTime())).toHaveLength(1);
    expect((await all({ outcome: "FAILURE" }))[0]).toMatchObject({ outcome: "FAILURE", failureReason: "LIVENESS_FAILED", device: { id: phone.id, platform: "IOS" } });
    expect((await all({ from: ago(5 * DAY), to: ago(36 * HOUR) })).map((r) => r.method)).toEqual(["FACE", "SECURITY_ITEMS"]);
    expect((await all({ from: ago(3 * DAY + HOUR).toISOString() })).length).toBe(3);
    expect((await all({ method: "SECURITY_ITEMS" }))[0]).toMatchObject({ ipMismatch: true, webIp: "192.0.2.9" });
    // Filters and paging together.
    const p1 = await listLogins(agent, { uid: a.uid, deviceId: laptop.id, limit: 1 });
    const p2 = await listLogins(agent, { uid: a.uid, deviceId: laptop.id, limit: 1, cursor: p1.nextCursor! });
    expect([p1.items[0].method, p2.items[0].method, p2.nextCursor]).toEqual(["SECURITY_ITEMS", "OLD_DEVICE", null]);

    expect(await codeOf(listLogins(agent, { uid: a.uid, method: "PIGEON" }))).toBe("INVALID_INPUT");
    expect(await codeOf(listLogins(agent, { uid: a.uid, from: "yesterday-ish" }))).toBe("INVALID_INPUT");
    expect(await codeOf(listLogins(agent, { uid: a.uid, from: ago(DAY), to: ago(2 * DAY) }))).toBe("INVALID_INPUT");
    expect(await codeOf(listLogins(agent, { uid: a.uid, deviceId: "dev_not_this_accounts" }))).toBe("INVALID_INPUT");
    expect(await codeOf(listLogins(agent, { uid: a.uid, cursor: "bm90LWEtY3Vyc29y" }))).toBe("INVALID_INPUT");
    expect(await codeOf(listLogins(agent, { uid: "no-such-uid" }))).toBe("NOT_FOUND");
    // Another account's device id filters to nothing rather than leaking its logins.
    const b = await account();
    expect(await listLogins(agent, { uid: b.uid, deviceId: phone.id })).toEqual({ items: [], nextCursor: null, prevCursor: null });
  });
});

describe("who may read", () => {
  it("lets every staff role read, through the use cases and /api/v1, and refuses anonymous callers (audited)", async () => {
    const a = await account({ phone: "+34600111222" });
    const d = await device(a.id);
    await logins(a.id, [{ at: ago(HOUR), deviceId: d.id, outcome: "FAILURE" }, { at: ago(2 * HOUR), deviceId: d.id }]);
    for (const role of ROLES) {
      const actor = await staff(role);
      expect((await searchAccounts(actor, { q: a.uid })).items).toHaveLength(1);
      expect((await getAccount(actor, { uid: a.uid })).identity.uid).toBe(a.uid);
      expect((await listLogins(actor, { uid: a.uid })).items).toHaveLength(2);

      const { token } = await createApiTokenUnchecked(undefined, { staffId: actor.id, name: `read-${role}`, expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
      const headers = { authorization: `Bearer ${token}` };
      const search = await searchRoute(new Request(`http://localhost/api/v1/accounts?q=${encodeURIComponent("+34 600 111 222")}`, { headers }), { params: Promise.resolve({}) });
      expect([search.status, (await search.json()).items.map((h: { uid: string }) => h.uid)]).toEqual([200, [a.uid]]);
      const one = await accountRoute(new Request(`http://localhost/api/v1/accounts/${a.uid}`, { headers }), { params: Promise.resolve({ uid: a.uid }) });
      expect(one.status).toBe(200);
      expect((await one.json()).devices[0]).toMatchObject({ id: d.id, externalId: d.externalId, status: "PENDING" });
      const page = await loginsRoute(new Request(`http://localhost/api/v1/accounts/${a.uid}/logins?outcome=failure&limit=1`, { headers }), { params: Promise.resolve({ uid: a.uid }) });
      const body = await page.json();
      expect([page.status, body.items.length, body.items[0].outcome, typeof body.items[0].id, body.nextCursor]).toEqual([200, 1, "FAILURE", "string", null]);
    }

    const anonymous: Actor = { type: "ANONYMOUS" };
    expect(await codeOf(searchAccounts(anonymous, { q: a.uid }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(getAccount(anonymous, { uid: a.uid }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(listLogins(anonymous, { uid: a.uid }))).toBe("UNAUTHENTICATED");
    const denied = await db.auditEntry.findMany({ where: { action: "auth.denied", actorType: "ANONYMOUS" } });
    expect(denied.map((e) => (e.data as { permission: string }).permission)).toEqual(["account.read", "account.read", "account.read"]);
    for (const [route, url, params] of [
      [searchRoute, `http://localhost/api/v1/accounts?q=${a.uid}`, {}],
      [accountRoute, `http://localhost/api/v1/accounts/${a.uid}`, { uid: a.uid }],
      [loginsRoute, `http://localhost/api/v1/accounts/${a.uid}/logins`, { uid: a.uid }],
    ] as const) {
      const res = await (route as (r: Request, c: { params: Promise<unknown> }) => Promise<Response>)(new Request(url), { params: Promise.resolve(params) });
      expect(res.status).toBe(401);
    }
  });

  it("answers 404 for an unknown account and 400 for bad filters over the API", async () => {
    const s = await makeStaff("AGENT");
    const { token } = await createApiTokenUnchecked(undefined, { staffId: s.id, name: "x", expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
    const headers = { authorization: `Bearer ${token}` };
    const missing = await accountRoute(new Request("http://localhost/api/v1/accounts/nobody", { headers }), { params: Promise.resolve({ uid: "nobody" }) });
    expect([missing.status, (await missing.json()).error.code]).toEqual([404, "NOT_FOUND"]);
    const a = await account();
    const bad = await loginsRoute(new Request(`http://localhost/api/v1/accounts/${a.uid}/logins?from=soon`, { headers }), { params: Promise.resolve({ uid: a.uid }) });
    expect([bad.status, (await bad.json()).error.details.fields[0].path]).toEqual([400, "from"]);
    const empty = await searchRoute(new Request("http://localhost/api/v1/accounts", { headers }), { params: Promise.resolve({}) });
    expect(empty.status).toBe(400);
  });
});
