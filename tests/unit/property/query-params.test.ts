// The queue's and the audit search's URL parameters: arbitrary search params never crash the
// parsing (only a 400 INVALID_INPUT naming a field), whatever passes is a query the filters can
// run, and state → URL → state is the identity for the console's links and the JSON API.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditHref, auditQuery, auditUrlState, type AuditUrlState } from "@/components/audit/audit-state";
import { queueHref, queueQuery, queueUrlState, type QueueUrlState } from "@/components/cases/queue-state";
import { ZAuditFilterInput } from "@/lib/audit/export/filters";
import { auditInputFromSearchParams } from "@/lib/audit/search";
import { queryFromSearchParams } from "@/lib/cases/query-params";
import { decodeCursor, encodeCursor } from "@/lib/cases/queue-cursor";
import { filtersWhere, ZQueueQuery } from "@/lib/cases/queue-filters";
import { QUEUE_SORTS, QUEUE_VIEWS, SLA_STATES } from "@/lib/cases/queue-types";
import { AppError } from "@/lib/errors";
import { CasePriority, CaseStatus, RiskFlag } from "@/lib/generated/prisma/enums";
import { parseInput } from "@/lib/http/parse-input";

const runs = { numRuns: 300, seed: 1808 };
const STAFF = "00000000-0000-4000-8000-000000000001";
const NOW = new Date("2026-12-01T12:00:00Z");
const QUEUE_KEYS = ["view", "status", "assignee", "priority", "sla", "risk", "createdFrom", "createdTo", "q", "sort", "dir", "cursor", "limit"];
const AUDIT_KEYS = ["actor", "action", "case", "account", "from", "to", "outcome", "order", "cursor", "limit"];

/** Values that are sometimes valid: enum members, dates, uuids, numbers, lists, junk. */
const value = fc.oneof(
  fc.constantFrom(...QUEUE_VIEWS, ...Object.values(CaseStatus), ...Object.values(CasePriority), ...Object.values(RiskFlag), ...SLA_STATES, ...QUEUE_SORTS, "asc", "desc", "me", "none", STAFF, "2026-11-26", "2026-11-26T09:30:00Z", "GH-000123", "case.", "auth.*", "SUCCESS", "50", "0", "-1", "1e3", "NaN"),
  fc.array(fc.constantFrom(...Object.values(CaseStatus), "NEW", "bogus", ""), { maxLength: 5 }).map((a) => a.join(",")),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 250 }),
  fc.nat().map(String),
);
const params = (keys: string[]) => fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })), value), { maxLength: 12 }).map((pairs) => new URLSearchParams(pairs));

/** Runs `fn`; only AppError INVALID_INPUT with at least one named field may escape. */
function validOrInvalidInput<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("INVALID_INPUT");
    return null;
  }
}

const trimmed = (max: number, unit: "grapheme" | fc.Arbitrary<string> = "grapheme") => fc.string({ unit, maxLength: max }).filter((s) => s === s.trim() && s.length <= max);

describe("queue filters (property)", () => {
  it("arbitrary search params → INVALID_INPUT or a query the filters and cursor decoder accept", () => {
    fc.assert(
      fc.property(params(QUEUE_KEYS), fc.constantFrom("ignore" as const, "reject" as const), (p, unknown) => {
        const input = queryFromSearchParams(p, { unknown });
        if (unknown === "ignore") for (const k of Object.keys(input)) expect(QUEUE_KEYS).toContain(k);
        const query = validOrInvalidInput(() => parseInput(ZQueueQuery, input));
        if (!query) return;
        expect(Array.isArray(filtersWhere(query, STAFF, NOW))).toBe(true);
        if (query.limit !== undefined) expect(Number.isInteger(query.limit) && query.limit >= 1 && query.limit <= 100).toBe(true);
        if (query.cursor) validOrInvalidInput(() => decodeCursor(query.cursor!, query.sort ?? "urgency", query.dir ?? "desc"));
      }),
      runs,
    );
  });

  it("a valid query survives query → URL (repeated or comma-separated lists) → query", () => {
    const some = <T extends string>(values: readonly T[]) => fc.option(fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length }), { nil: undefined });
    const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const date = fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
    const query = fc.record({
      view: opt(fc.constantFrom(...QUEUE_VIEWS)),
      status: some(Object.values(CaseStatus)),
      assignee: opt(fc.oneof(fc.constantFrom("me", "none"), fc.uuid())),
      priority: some(Object.values(CasePriority)),
      sla: opt(fc.constantFrom(...SLA_STATES)),
      risk: some(Object.values(RiskFlag)),
      createdFrom: opt(date),
      createdTo: opt(date),
      q: opt(trimmed(200).filter((s) => s.length > 0 && !s.includes(","))),
      sort: opt(fc.constantFrom(...QUEUE_SORTS)),
      dir: opt(fc.constantFrom("asc" as const, "desc" as const)),
      limit: opt(fc.integer({ min: 1, max: 100 })),
    });
    fc.assert(
      fc.property(query, fc.boolean(), (q, commas) => {
        const url = new URLSearchParams();
        for (const [k, v] of Object.entries(q)) {
          if (v === undefined) continue;
          if (Array.isArray(v)) (commas ? [v.join(",")] : v).forEach((x) => url.append(k, x));
          else url.append(k, String(v));
        }
        const back = queryFromSearchParams(new URL(`http://x/api/v1/cases?${url}`).searchParams, { unknown: "reject" });
        expect(parseInput(ZQueueQuery, back)).toEqual(parseInput(ZQueueQuery, q));
      }),
      runs,
    );
  });

  it("the console's URL state round-trips through queueHref", () => {
    const text = trimmed(200);
    const state = fc
      .record({
        view: fc.option(fc.constantFrom(...QUEUE_VIEWS), { nil: null }),
        status: text,
        assignee: text,
        priority: text,
        sla: text,
        risk: text,
        createdFrom: text,
        createdTo: text,
        q: text,
        sort: fc.option(fc.constantFrom(...QUEUE_SORTS), { nil: null }),
        dir: fc.option(fc.constantFrom("asc" as const, "desc" as const), { nil: null }),
        cursor: text,
      })
      // Without a view or a status the page shows "open": that is what such a URL means.
      .map((s): QueueUrlState => (s.view === null && !s.status ? { ...s, view: "open" } : s));
    fc.assert(
      fc.property(state, (s) => {
        const url = new URL(queueHref(s), "http://x");
        expect(queueUrlState(Object.fromEntries(url.searchParams))).toEqual(s);
        validOrInvalidInput(() => parseInput(ZQueueQuery, queueQuery(s)));
      }),
      runs,
    );
  });

  it("cursors round-trip and any other text is refused with INVALID_INPUT", () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUEUE_SORTS), fc.constantFrom("asc" as const, "desc" as const), fc.uuid(), fc.date({ min: new Date(0), max: new Date("2100-01-01"), noInvalidDate: true }), fc.string({ maxLength: 400 }), (sort, dir, id, time, junk) => {
        const c = { sort, dir, priority: sort === "urgency" ? ("HIGH" as const) : undefined, time, id };
        expect(decodeCursor(encodeCursor(c), sort, dir)).toEqual({ ...c, id: id.toLowerCase() });
        validOrInvalidInput(() => decodeCursor(junk, sort, dir));
      }),
      runs,
    );
  });
});

describe("audit search filters (property)", () => {
  it("arbitrary search params → INVALID_INPUT or valid filters", () => {
    fc.assert(
      fc.property(params(AUDIT_KEYS), (p) => {
        const input = auditInputFromSearchParams(p, ["order", "cursor", "limit"], { unknown: "ignore" });
        for (const k of Object.keys(input)) expect(AUDIT_KEYS).toContain(k);
        const filters = Object.fromEntries(Object.entries(input).filter(([k]) => !["order", "cursor", "limit"].includes(k)));
        const parsed = validOrInvalidInput(() => parseInput(ZAuditFilterInput, filters));
        if (parsed?.action) for (const a of parsed.action) expect(a).toMatch(/^[a-z]/);
      }),
      runs,
    );
  });

  it("the console's audit URL state round-trips through auditHref", () => {
    const text = trimmed(200);
    const state: fc.Arbitrary<AuditUrlState> = fc.record({
      actor: text,
      action: text,
      case: text,
      account: text,
      from: text,
      to: text,
      outcome: text,
      order: fc.constantFrom("asc" as const, "desc" as const, "" as const),
      view: fc.constantFrom("table" as const, "" as const),
      cursor: text,
    });
    fc.assert(
      fc.property(state, (s) => {
        const url = new URL(auditHref(s), "http://x");
        expect(auditUrlState(Object.fromEntries(url.searchParams))).toEqual(s);
        const { order: _o, cursor: _c, ...filters } = auditQuery(s);
        validOrInvalidInput(() => parseInput(ZAuditFilterInput, filters));
      }),
      runs,
    );
  });
});
