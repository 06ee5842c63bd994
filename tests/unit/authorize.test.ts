import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { decide } from "@/lib/auth/authorize";
import { PERMISSIONS, ROLE_PERMISSIONS, roleAtOrBelow, type Permission } from "@/lib/auth/permissions";

const staff = (role: "AGENT" | "SUPERVISOR" | "AUDITOR" | "ADMIN", id = `${role.toLowerCase()}-1`): Actor => ({ type: "STAFF", id, role });
const allPermissions = Object.keys(PERMISSIONS) as Permission[];

describe("the permission table", () => {
  it("gives auditors no permission that changes state", () => {
    expect(ROLE_PERMISSIONS.AUDITOR.filter((p) => PERMISSIONS[p].mutates && p !== "token.manage_own")).toEqual([]);
  });

  it("keeps administrators away from case decisions and ID photos (separation of duties)", () => {
    for (const p of ["case.decide", "case.claim", "document.view", "device.authorize"] as const) {
      expect(decide(staff("ADMIN"), p).allowed).toBe(false);
    }
  });

  it("gives supervisors everything agents have", () => {
    expect(roleAtOrBelow("AGENT", "SUPERVISOR")).toBe(true);
    expect(roleAtOrBelow("SUPERVISOR", "AGENT")).toBe(false);
    expect(roleAtOrBelow("ADMIN", "AUDITOR")).toBe(false);
  });

  it("denies anonymous callers and non-staff actors everything", () => {
    for (const p of allPermissions) {
      expect(decide({ type: "ANONYMOUS" }, p)).toMatchObject({ allowed: false, code: "UNAUTHENTICATED" });
      expect(decide({ type: "SYSTEM", id: "x" }, p)).toMatchObject({ allowed: false, code: "FORBIDDEN" });
      expect(decide({ type: "PROVIDER", id: "postmark" }, p).allowed).toBe(false);
    }
  });

  it("denies a permission that is not in the table", () => {
    expect(decide(staff("SUPERVISOR"), "case.delete" as Permission).allowed).toBe(false);
  });

  it("grants exactly the listed permissions, to people and to their tokens alike", () => {
    for (const role of ["AGENT", "SUPERVISOR", "AUDITOR", "ADMIN"] as const) {
      const token: Actor = { type: "API_TOKEN", id: "t1", staffId: "s1", role };
      for (const p of allPermissions) {
        const expected = ROLE_PERMISSIONS[role].includes(p);
        expect(decide(staff(role), p).allowed, `${role} ${p}`).toBe(expected);
        expect(decide(token, p).allowed, `${role} token ${p}`).toBe(expected);
      }
    }
  });
});

describe("per-record rules", () => {
  const agent = staff("AGENT", "agent-1");
  const myCase = { type: "case", id: "c1", assigneeId: "agent-1" } as const;
  const theirCase = { type: "case", id: "c2", assigneeId: "agent-2" } as const;
  const unclaimed = { type: "case", id: "c3", assigneeId: null } as const;

  it("lets an agent decide only the cases assigned to them", () => {
    expect(decide(agent, "case.decide", myCase)).toMatchObject({ allowed: true, override: false });
    expect(decide(agent, "case.decide", theirCase)).toMatchObject({ allowed: false, reason: "only the assignee may act on this case" });
    expect(decide(agent, "case.decide", unclaimed)).toMatchObject({ allowed: false, reason: "claim the case first" });
    expect(decide({ type: "API_TOKEN", id: "t", staffId: "agent-1", role: "AGENT" }, "case.decide", myCase).allowed).toBe(true);
  });

  it("lets a supervisor act on anyone's case, marked as an override", () => {
    expect(decide(staff("SUPERVISOR"), "case.decide", theirCase)).toMatchObject({ allowed: true, override: true });
  });

  it("refuses a second approval from the supervisor who asked for it (four-eyes)", () => {
    const approval = { type: "approval", id: "a1", requestedById: "sup-1" } as const;
    expect(decide(staff("SUPERVISOR", "sup-1"), "case.approve_second", approval).allowed).toBe(false);
    expect(decide(staff("SUPERVISOR", "sup-2"), "case.approve_second", approval).allowed).toBe(true);
  });

  it("lets staff mint tokens for their own role or a lower one, never higher, never for someone else", () => {
    expect(decide(staff("SUPERVISOR", "s"), "token.manage_own", { type: "token", role: "AGENT", ownerId: "s" }).allowed).toBe(true);
    expect(decide(staff("AGENT", "a"), "token.manage_own", { type: "token", role: "SUPERVISOR", ownerId: "a" }).allowed).toBe(false);
    expect(decide(staff("AUDITOR", "u"), "token.manage_own", { type: "token", role: "ADMIN", ownerId: "u" }).allowed).toBe(false);
    expect(decide(staff("ADMIN", "m"), "token.manage_own", { type: "token", role: "AUDITOR", ownerId: "m" }).allowed).toBe(true);
    expect(decide(staff("ADMIN", "m"), "token.manage_own", { type: "token", role: "AGENT", ownerId: "m" }).allowed).toBe(false);
    expect(decide(staff("AGENT", "a"), "token.manage_own", { type: "token", role: "AGENT", ownerId: "b" }).allowed).toBe(false);
  });
});
