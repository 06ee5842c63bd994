import { describe, expect, it } from "vitest";
import { GENESIS_HASH, canonicalJson, entryBody, entryHash, type ChainedFields } from "@/lib/audit/hash";

const entry: ChainedFields = {
  seq: 1n,
  occurredAt: new Date("2026-11-25T10:00:00.123Z"),
  actorType: "STAFF",
  actorId: "00000000-0000-7000-8000-000000000001",
  actorRole: "AGENT",
  action: "outbox.pruned",
  targetType: null,
  targetId: null,
  caseId: null,
  accountId: null,
  outcome: "SUCCESS",
  ip: "127.0.0.1",
  userAgent: "test",
  requestId: "req-12345678",
  data: { b: 1, a: { d: [1, 2], c: null } },
  prevHash: GENESIS_HASH,
};

describe("canonicalJson", () => {
  it("sorts keys at every depth, so key order (as jsonb reorders it) never changes the text", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [{ z: 1, y: 2 }] } })).toBe('{"a":{"c":[{"y":2,"z":1}],"d":2},"b":1}');
  });
  it("drops undefined fields like JSON does and keeps null", () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe("entryHash", () => {
  it("is a SHA-256 hex digest that does not depend on key order inside data", () => {
    const h = entryHash(entry);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...entry, data: { a: { c: null, d: [1, 2] }, b: 1 } })).toBe(h);
  });
  it("changes when any covered field changes", () => {
    const h = entryHash(entry);
    const variants: Partial<ChainedFields>[] = [
      { seq: 2n },
      { occurredAt: new Date("2026-11-25T10:00:00.124Z") },
      { actorId: "someone-else" },
      { action: "staff.created" },
      { outcome: "DENIED" },
      { ip: "10.0.0.1" },
      { data: { b: 2, a: { d: [1, 2], c: null } } },
      { prevHash: "f".repeat(64) },
    ];
    for (const v of variants) expect(entryHash({ ...entry, ...v })).not.toBe(h);
  });
});

describe("entryBody", () => {
  it("is exactly the canonical JSON of the entry's own fields (the hash format must never drift)", () => {
    const { seq: _seq, prevHash: _prev, ...body } = entry;
    expect(entryBody(entry)).toBe(canonicalJson({ ...body, occurredAt: body.occurredAt.toISOString() }));
    const empty = { ...entry, actorId: null, actorRole: null, ip: null, userAgent: null, requestId: null, data: {} };
    const { seq: _s, prevHash: _p, ...emptyBody } = empty;
    expect(entryBody(empty)).toBe(canonicalJson({ ...emptyBody, occurredAt: emptyBody.occurredAt.toISOString() }));
  });
});
