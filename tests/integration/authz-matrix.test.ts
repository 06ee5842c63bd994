import "./authz/next-mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { CALLERS, isUnauthenticated, type Caller } from "./authz/callers";
import { exportedMethods, routeHandlers, serverActions } from "./authz/discover";
import { allowedRoles, type Expectation } from "./authz/entry";
import { actions, routes } from "./authz/registry";
import { channelOf, runAction, runRoute, splitKey, type Call, type Outcome } from "./authz/run";

afterAll(() => db.$disconnect());

const expected = (e: Expectation, caller: Caller): Outcome => (!isUnauthenticated(caller) && allowedRoles(e).includes(caller as never) ? "allowed" : "denied");
const baseKey = (key: string) => key.split("?")[0];

/** What to add for an endpoint the registry does not know. */
function hint(key: string): string {
  if (key.includes("#")) return `${key} → add to tests/integration/authz/registry-actions.ts: { expect: { allow: [roles] } or { permission: "…" }, args }`;
  if (key.startsWith("GET ")) {
    return `${key} → add to tests/integration/authz/registry-gets.ts: readOnly("<permission>", prepare) if it writes nothing, or writingGet("<what it writes>", "<permission>", prepare) if it writes (an audit entry, an Export row…)`;
  }
  return `${key} → add to tests/integration/authz/registry-routes.ts: { expect: { allow: [roles] } or { permission: "…" }, prepare }`;
}

/** The outcome, plus the evidence when it is not the expected one. */
const shown = (r: Call, want: Outcome) => ({ outcome: r.outcome, ...(r.outcome !== want ? { status: r.status, detail: r.detail } : {}) });

describe("authorization matrix", () => {
  let routeKeys: string[] = [];
  let actionKeys: string[] = [];
  beforeAll(() => {
    routeKeys = routeHandlers();
    actionKeys = serverActions();
  });

  it("discovers every method of every route handler, GET included", () => {
    expect(exportedMethods("export const GET = x;\nexport async function POST() {}\nexport const { HEAD, DELETE } = h;\nexport { h as PATCH };")).toEqual(["GET", "POST", "HEAD", "DELETE", "PATCH"]);
    for (const key of ["GET /(console)/audit/download", "GET /api/v1/audit/export", "GET /api/console/documents/{id}/image", "POST /api/v1/exports"]) expect(routeKeys).toContain(key);
  });

  it("has an entry for every route handler method and server action, and none for endpoints that are gone", () => {
    const missing = [...routeKeys.filter((k) => !(k in routes)), ...actionKeys.filter((k) => !(k in actions))];
    expect(missing.map(hint), "endpoints without a matrix entry").toEqual([]);
    const known = new Set([...routeKeys, ...actionKeys]);
    expect([...Object.keys(routes), ...Object.keys(actions)].filter((k) => !known.has(baseKey(k))), "entries for endpoints that no longer exist").toEqual([]);
  });

  it("every GET says whether it writes, and only GETs do", () => {
    for (const [key, entry] of Object.entries(routes)) {
      if (key.startsWith("GET ") && !("exempt" in entry.expect)) expect(entry.get, `${key}: use readOnly(…) or writingGet(…)`).toBeDefined();
      if (!key.startsWith("GET ")) expect(entry.get, `${key} is not a GET`).toBeUndefined();
    }
  });

  it("every exemption says why", () => {
    for (const [key, entry] of [...Object.entries(routes), ...Object.entries(actions)]) {
      if ("exempt" in entry.expect) expect(entry.expect.exempt.length, key).toBeGreaterThan(20);
    }
  });

  for (const [key, entry] of Object.entries(routes)) {
    if ("exempt" in entry.expect) continue;
    const channel = channelOf(splitKey(key).urlPath);
    for (const caller of CALLERS[channel]) {
      const want = expected(entry.expect, caller);
      it(`${key} as ${caller} → ${want}`, async () => {
        const r = await runRoute(key, caller);
        expect(shown(r, want)).toEqual({ outcome: want });
        if (isUnauthenticated(caller)) expect(r.status, r.detail).toBe(401);
        // A refused call leaves nothing behind but its audited refusal.
        if (want === "denied") expect(r.wrote, "rows written by a refused call").toEqual([]);
        if (want === "allowed" && entry.get) {
          expect(r.status as number, r.detail).toBeLessThan(400);
          if (entry.get === "read-only") expect(r.wrote, `${key} is listed read-only but wrote rows: list it with writingGet(…)`).toEqual([]);
          else expect(r.wrote.length, `${key} is listed as writing ${entry.get.writes}, but wrote nothing`).toBeGreaterThan(0);
        }
      });
    }
  }

  for (const [key, entry] of Object.entries(actions)) {
    if ("exempt" in entry.expect) continue;
    for (const caller of CALLERS.session) {
      const want = expected(entry.expect, caller);
      it(`${key} as ${caller} → ${want}`, async () => {
        const r = await runAction(key, caller);
        expect(shown(r, want)).toEqual({ outcome: want });
        if (isUnauthenticated(caller)) expect(["UNAUTHENTICATED", "REDIRECT_SIGN_IN"], r.detail).toContain(r.status);
        if (want === "denied") expect(r.wrote, "rows written by a refused call").toEqual([]);
      });
    }
  }

  it("denied calls are in the audit trail", async () => {
    expect(await db.auditEntry.count({ where: { outcome: "DENIED" } })).toBeGreaterThan(0);
  });
});
