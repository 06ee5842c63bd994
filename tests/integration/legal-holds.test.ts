import { afterAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as placeRoute } from "@/app/api/v1/legal-holds/route";
import { POST as releaseRoute } from "@/app/api/v1/legal-holds/[id]/release/route";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { currentTotp } from "@/lib/auth/mfa";
import { db, type StaffRole } from "@/lib/db";
import { listLegalHolds, placeLegalHold, releaseLegalHold } from "@/lib/retention/holds";
import { makeQueueCase } from "./support/cases-world";
import { makeStaff } from "./support/staff";

afterAll(() => db.$disconnect());

const request = { requestId: "req-legal-holds", ip: "198.51.100.9", userAgent: "vitest" };
async function staffActor(role: StaffRole) {
  const s = await makeStaff(role);
  // Holding and releasing need a fresh confirmation (step-up): this one confirmed a moment ago.
  return { type: "STAFF" as const, id: s.id, role, steppedUpAt: new Date() };
}

describe("legal holds", () => {
  it("an admin places holds on a case and on an account, lists and releases them, each audited in its transaction", async () => {
    const admin = await staffActor("ADMIN");
    const c = await makeQueueCase({ status: "APPROVED" });
    const onCase = await placeLegalHold(admin, { caseRef: c.ref.toLowerCase(), reason: "litigation hold, matter 2026-17" }, { request });
    expect(onCase).toMatchObject({ active: true, caseId: c.id, caseRef: c.ref, accountId: null, reason: "litigation hold, matter 2026-17", placedBy: { id: admin.id } });
    const onAccount = await placeLegalHold(admin, { accountUid: c.uid, reason: "regulator request 4411" }, { request });
    expect(onAccount).toMatchObject({ accountId: c.accountId, accountUid: c.uid, caseId: null });

    const placed = await db.auditEntry.findMany({ where: { action: "legal_hold.placed" }, orderBy: { seq: "asc" } });
    expect(placed.map((e) => e.data)).toEqual([
      { holdId: onCase.id, caseId: c.id, accountId: null },
      { holdId: onAccount.id, caseId: null, accountId: c.accountId },
    ]);
    // Searchable by case and account; the reason (free text) stays out of the trail.
    expect(placed[0]).toMatchObject({ actorId: admin.id, caseId: c.id, accountId: c.accountId, targetType: "LegalHold", targetId: onCase.id, requestId: request.requestId });
    expect(JSON.stringify(placed.map((e) => e.data))).not.toContain("litigation");

    const released = await releaseLegalHold(admin, { holdId: onCase.id }, { request });
    expect(released).toMatchObject({ active: false, releasedAt: expect.any(String) });
    expect((await db.auditEntry.findFirstOrThrow({ where: { action: "legal_hold.released" } })).data).toEqual({ holdId: onCase.id, caseId: c.id, accountId: null });
    await expect(releaseLegalHold(admin, { holdId: onCase.id })).rejects.toMatchObject({ code: "CONFLICT" });

    const auditor = await staffActor("AUDITOR");
    const list = await listLegalHolds(auditor);
    expect(list.map((h) => [h.id, h.active])).toEqual([
      [onAccount.id, true],
      [onCase.id, false],
    ]);
  });

  it("refuses agents, supervisors and auditors (audited), and bad input", async () => {
    const c = await makeQueueCase({ status: "REJECTED" });
    for (const role of ["AGENT", "SUPERVISOR", "AUDITOR"] as const) {
      const who = await staffActor(role);
      await expect(placeLegalHold(who, { caseRef: c.ref, reason: "should not be allowed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await db.auditEntry.count({ where: { action: "auth.denied", actorId: who.id, data: { path: ["permission"], equals: "retention.manage" } } })).toBe(1);
    }
    const hold = await placeLegalHold(await staffActor("ADMIN"), { caseRef: c.ref, reason: "a valid reason here" });
    await expect(releaseLegalHold(await staffActor("SUPERVISOR"), { holdId: hold.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listLegalHolds(await staffActor("AGENT"))).rejects.toMatchObject({ code: "FORBIDDEN" });

    const admin = await staffActor("ADMIN");
    await expect(placeLegalHold(admin, { caseRef: c.ref, accountUid: c.uid, reason: "both targets given" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(placeLegalHold(admin, { reason: "no target at all" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(placeLegalHold(admin, { caseRef: c.ref, reason: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(placeLegalHold(admin, { caseRef: "GH-999999", reason: "unknown case here" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(releaseLegalHold(admin, { holdId: "not-a-uuid" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db.legalHold.count({ where: { caseId: c.id } })).toBe(1);
  });

  it("through the JSON API with a personal token", async () => {
    const admin = await makeStaff("ADMIN");
    const { token } = await createApiTokenUnchecked(undefined, { staffId: admin.id, name: "holds", expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
    const c = await makeQueueCase({ status: "APPROVED" });
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const params = Promise.resolve({});
    // Step-up per request: X-Gatehouse-TOTP, each code once (the previous, current and next steps are accepted, in order).
    const codes = [-30_000, 0, 30_000].map((d) => currentTotp(admin.secret!, Date.now() + d));
    const stepUp = (i: number) => ({ ...auth, "x-gatehouse-totp": codes[i] });
    const refused = await placeRoute(new Request("http://localhost/api/v1/legal-holds", { method: "POST", headers: auth, body: JSON.stringify({ caseRef: c.ref, reason: "api placed hold" }) }), { params });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("STEP_UP_REQUIRED");
    const created = await placeRoute(new Request("http://localhost/api/v1/legal-holds", { method: "POST", headers: stepUp(0), body: JSON.stringify({ caseRef: c.ref, reason: "api placed hold" }) }), { params });
    expect(created.status).toBe(201);
    const hold = (await created.json()) as { id: string; caseRef: string };
    expect(hold.caseRef).toBe(c.ref);

    const listed = await listRoute(new Request("http://localhost/api/v1/legal-holds", { headers: auth }), { params });
    expect(((await listed.json()) as { holds: { id: string }[] }).holds.map((h) => h.id)).toContain(hold.id);

    const url = `http://localhost/api/v1/legal-holds/${hold.id}/release`;
    const released = await releaseRoute(new Request(url, { method: "POST", headers: stepUp(1) }), { params: Promise.resolve({ id: hold.id }) });
    expect(released.status).toBe(200);
    expect(((await released.json()) as { active: boolean }).active).toBe(false);
    const again = await releaseRoute(new Request(url, { method: "POST", headers: stepUp(2) }), { params: Promise.resolve({ id: hold.id }) });
    expect(again.status).toBe(409);
  });
});
