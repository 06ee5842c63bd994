import { afterAll, describe, expect, it } from "vitest";
import { requireStaff } from "@/lib/auth/require-staff";
import { db } from "@/lib/db";

afterAll(() => db.$disconnect());

const request = { requestId: "req-denied-1", ip: "203.0.113.7", userAgent: "test" };

describe("requireStaff", () => {
  it("returns the staff actor when allowed and writes nothing", async () => {
    const res = await requireStaff({ type: "STAFF", id: "agent-1", role: "AGENT" }, "case.decide", {
      resource: { type: "case", id: "00000000-0000-7000-8000-000000000001", assigneeId: "agent-1" },
    });
    expect(res).toEqual({ actor: { type: "STAFF", id: "agent-1", role: "AGENT" }, override: false });
    expect(await db.auditEntry.count()).toBe(0);
  });

  it("refuses with FORBIDDEN and records the denied attempt in the audit trail", async () => {
    const caseId = "00000000-0000-7000-8000-000000000002";
    await expect(
      requireStaff({ type: "STAFF", id: "auditor-1", role: "AUDITOR" }, "case.decide", { resource: { type: "case", id: caseId, assigneeId: null }, request }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "Not allowed: role AUDITOR may not case.decide." });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "auth.denied" } });
    expect(entry).toMatchObject({
      outcome: "DENIED",
      actorType: "STAFF",
      actorId: "auditor-1",
      actorRole: "AUDITOR",
      caseId,
      ip: "203.0.113.7",
      requestId: "req-denied-1",
      data: { permission: "case.decide", reason: "role AUDITOR may not case.decide", resourceType: "case", resourceId: caseId },
    });
  });

  it("refuses an anonymous caller with UNAUTHENTICATED, also audited", async () => {
    await expect(requireStaff({ type: "ANONYMOUS" }, "queue.read", { request })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await db.auditEntry.count({ where: { action: "auth.denied", actorType: "ANONYMOUS" } })).toBe(1);
  });
});
