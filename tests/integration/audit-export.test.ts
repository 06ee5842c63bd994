import "./authz/next-mocks";
import { createHash } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as consoleDownload } from "@/app/(console)/audit/download/route";
import { GET as exportRoute } from "@/app/api/v1/audit/export/route";
import type { Actor } from "@/lib/auth/actor";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { sessionCookie } from "@/lib/auth/cookie";
import { currentTotp } from "@/lib/auth/mfa";
import { appendAudit, verifyChain } from "@/lib/audit";
import { EXPORT_COLUMNS, parseCsv, restoreFormula, streamAuditExport, type ExportManifest, type TAuditExportInput } from "@/lib/audit/export";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { sharedRedis } from "@/lib/queue/connection";
import { makeQueueCase, type MadeCase } from "./support/cases-world";
import { requestScope } from "./authz/next-mocks";
import { makeSession, makeStaff, type MadeStaff } from "./support/staff";

afterAll(async () => {
  await db.$disconnect();
  await sharedRedis().quit();
});

const system: Actor = { type: "SYSTEM", id: "test" };
const steppedUp = (s: MadeStaff): Actor => ({ type: "STAFF", id: s.id, role: s.role, steppedUpAt: new Date() });
const hostile = { requestId: "-2+3", ip: "+44 20", userAgent: "=cmd|' /C calc'!A0" };

let auditor: MadeStaff;
let caseA: MadeCase;

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function exportText(input: TAuditExportInput, opts: { pageSize?: number } = {}) {
  const e = await streamAuditExport(steppedUp(auditor), input, { via: "console", ...opts });
  const bytes = await readAll(e.body);
  return { e, bytes, text: bytes.toString("utf8") };
}

/** The entries an export of everything up to `upper` must hold, as the export renders them. */
async function expectedRows(upper: bigint, where: { caseId?: string } = {}) {
  const rows = await db.auditEntry.findMany({ where: { seq: { lte: upper }, ...where }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ ...r, seq: r.seq.toString(), occurredAt: r.occurredAt.toISOString() }));
}

beforeAll(async () => {
  auditor = await makeStaff("AUDITOR");
  caseA = await makeQueueCase();
  const c = await makeQueueCase();
  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: "case.note_added",
      actor: { type: "STAFF", id: auditor.id, role: "AUDITOR" },
      caseId: caseA.id,
      accountId: caseA.accountId,
      target: { type: "ReviewCase", id: "@SUM(1+1)" },
      request: hostile,
      data: { caseId: caseA.id, ref: caseA.ref, noteId: 'quote " comma , newline \n end', length: 7 },
    }),
  );
  for (let i = 0; i < 30; i++) {
    await db.$transaction((tx) =>
      appendAudit(tx, {
        action: i % 3 ? "outbox.pruned" : "case.claimed",
        actor: system,
        caseId: i % 3 ? undefined : c.id,
        request: { requestId: `req-${i}`, userAgent: "Zoë Ångström — 東京 ✓" },
        data: i % 3 ? { deleted: i, publishedBefore: "=HYPERLINK(\"http://evil\")" } : { caseId: c.id, ref: c.ref, via: "next", statusBefore: "NEW", statusAfter: "IN_REVIEW" },
      } as Parameters<typeof appendAudit>[1]),
    );
  }
});

describe("streamed audit export (lib)", () => {
  it("CSV: every entry up to the head exactly once, parsing back to the stored values, with a manifest that matches the bytes", async () => {
    const { e, bytes, text } = await exportText({ format: "csv" }, { pageSize: 7 });
    const expected = await expectedRows(e.upperSeq);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(records.map((r) => r[0])).toEqual(expected.map((r) => r.seq));
    for (const [i, rec] of records.entries()) {
      const cell = Object.fromEntries(EXPORT_COLUMNS.map((k, c) => [k, restoreFormula(rec[c])]));
      const want = expected[i];
      for (const k of ["occurredAt", "actorType", "actorId", "action", "outcome", "targetType", "targetId", "caseId", "accountId", "ip", "userAgent", "requestId", "prevHash", "hash"] as const) {
        expect(cell[k], `${k} of seq ${want.seq}`).toBe(want[k] ?? "");
      }
      expect(JSON.parse(cell.data)).toEqual(want.data);
    }
    // Names people look for, joined in.
    const note = records.find((r) => r[6] === "case.note_added")!;
    expect(note[EXPORT_COLUMNS.indexOf("caseRef")]).toBe(caseA.ref);
    expect(note[EXPORT_COLUMNS.indexOf("accountUid")]).toBe(caseA.uid);
    expect(note[EXPORT_COLUMNS.indexOf("actorName")]).toBe("Test AUDITOR");

    const row = await db.export.findUniqueOrThrow({ where: { id: e.exportId } });
    expect(row).toMatchObject({ status: "DONE", format: "CSV", rowsDone: expected.length, rowsTotal: expected.length, requestedById: auditor.id });
    const manifest = row.manifest as ExportManifest;
    const head = await db.auditEntry.findUniqueOrThrow({ where: { seq: e.upperSeq } });
    expect(manifest).toMatchObject({
      exportId: e.exportId,
      mode: "stream",
      rows: expected.length,
      bytes: bytes.length,
      firstSeq: expected[0].seq,
      lastSeq: expected.at(-1)!.seq,
      chainHead: { seq: e.upperSeq.toString(), hash: head.hash },
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(row.sha256).toBe(manifest.sha256);
    const audited = await db.auditEntry.findFirstOrThrow({ where: { action: "audit.exported" }, orderBy: { seq: "desc" } });
    expect(audited).toMatchObject({ actorId: auditor.id, targetId: e.exportId, data: { exportId: e.exportId, mode: "stream", format: "CSV", rows: expected.length, sha256: manifest.sha256, chainHeadHash: head.hash } });
    expect(await db.auditEntry.count({ where: { action: "audit.export_requested", targetId: e.exportId } })).toBe(1);
    expect((await verifyChain()).ok).toBe(true);
  });

  it("neutralises formulas in CSV cells (= + - @ and a leading apostrophe) and keeps unicode", async () => {
    const { text } = await exportText({ format: "csv", case: caseA.ref });
    const [, record] = parseCsv(text);
    const at = (k: (typeof EXPORT_COLUMNS)[number]) => record[EXPORT_COLUMNS.indexOf(k)];
    expect(at("userAgent")).toBe("'=cmd|' /C calc'!A0");
    expect(at("requestId")).toBe("'-2+3");
    expect(at("ip")).toBe("'+44 20");
    expect(at("targetId")).toBe("'@SUM(1+1)");
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    const { text: all } = await exportText({ format: "csv", action: "outbox." });
    expect(all).toContain("Zoë Ångström — 東京 ✓");
  });

  it("JSON Lines: one object per entry with data as an object; filters narrow the file", async () => {
    const { e, text } = await exportText({ format: "jsonl", case: caseA.id });
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    const expected = await expectedRows(e.upperSeq, { caseId: caseA.id });
    expect(lines.map((l) => l.seq)).toEqual(expected.map((r) => r.seq));
    expect(lines[0]).toMatchObject({ caseRef: caseA.ref, userAgent: hostile.userAgent, data: expected[0].data, hash: expected[0].hash });
    expect(Object.keys(lines[0])).toEqual([...EXPORT_COLUMNS]);

    const claims = await exportText({ format: "jsonl", action: "case.claimed", to: new Date(Date.now() + 60_000).toISOString() });
    expect(claims.text.trimEnd().split("\n").map((l) => JSON.parse(l).action)).toEqual(Array(10).fill("case.claimed"));
    const none = await exportText({ format: "jsonl", from: "2020-01-01", to: "2020-01-02" });
    expect(none.text).toBe("");
    expect((await db.export.findUniqueOrThrow({ where: { id: none.e.exportId } })).manifest).toMatchObject({ rows: 0, firstSeq: null, lastSeq: null });
  });

  it("refuses a range over the streaming limit with 422 pointing at the background export, before creating anything", async () => {
    const before = await db.export.count();
    await expect(streamAuditExport(steppedUp(auditor), { format: "csv" }, { via: "api", maxRows: 5 })).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /POST \/api\/v1\/exports/ });
    await expect(streamAuditExport(steppedUp(auditor), { action: "case.claimed" }, { via: "api", maxRows: 9 })).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await db.export.count()).toBe(before);
    const ok = await exportText({ action: "case.claimed" });
    expect(ok.e.rows).toBe(10);
  });

  it("records a download the client abandons as FAILED with audit.export_failed", async () => {
    const e = await streamAuditExport(steppedUp(auditor), { format: "jsonl" }, { via: "console", pageSize: 3 });
    const reader = e.body.getReader();
    await reader.read();
    await reader.cancel();
    const row = await db.export.findUniqueOrThrow({ where: { id: e.exportId } });
    expect(row.status).toBe("FAILED");
    expect(row.error).toMatch(/client closed/);
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "audit.export_failed", targetId: e.exportId } })).toMatchObject({ outcome: "FAILURE" });
  });

  it("requires step-up even for auditors", async () => {
    await expect(streamAuditExport({ type: "STAFF", id: auditor.id, role: "AUDITOR" }, {}, { via: "console" })).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
  });
});

describe("GET /api/v1/audit/export", () => {
  const call = (token: string, query: string, totp?: string) =>
    exportRoute(new Request(`http://localhost/api/v1/audit/export?${query}`, { headers: { authorization: `Bearer ${token}`, ...(totp ? { "x-gatehouse-totp": totp } : {}) } }), {
      params: Promise.resolve({}),
    });
  const tokenFor = async (s: MadeStaff) => (await createApiTokenUnchecked(undefined, { staffId: s.id, name: "export" }, { actor: system, via: "cli" })).token;

  it("streams for auditors and admins with X-Gatehouse-TOTP; the manifest's sha256 is the SHA-256 of the bytes received", async () => {
    for (const role of ["AUDITOR", "ADMIN"] as const) {
      const staff = await makeStaff(role);
      const res = await call(await tokenFor(staff), `format=csv&case=${caseA.ref}`, currentTotp(staff.secret!));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="gatehouse-audit-.*\.csv"$/);
      const id = res.headers.get("x-gatehouse-export-id")!;
      const bytes = Buffer.from(await res.arrayBuffer());
      const row = await db.export.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ status: "DONE", requestedById: staff.id, sha256: createHash("sha256").update(bytes).digest("hex") });
      expect(await db.auditEntry.findFirstOrThrow({ where: { action: "audit.exported", targetId: id } })).toMatchObject({ actorType: "API_TOKEN", actorRole: role, caseId: caseA.id });
    }
  });

  it("refuses without step-up (403 STEP_UP_REQUIRED), and agents and supervisors even with it (403, auth.denied)", async () => {
    const before = await db.export.count();
    const noTotp = await call(await tokenFor(auditor), "format=csv");
    expect(noTotp.status).toBe(403);
    expect((await noTotp.json()).error).toMatchObject({ code: "STEP_UP_REQUIRED", message: /X-Gatehouse-TOTP/ });
    for (const role of ["AGENT", "SUPERVISOR"] as const) {
      const staff = await makeStaff(role);
      const res = await call(await tokenFor(staff), "format=csv", currentTotp(staff.secret!));
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("FORBIDDEN");
      expect(await db.auditEntry.findFirstOrThrow({ where: { action: "auth.denied", actorRole: role }, orderBy: { seq: "desc" } })).toMatchObject({ outcome: "DENIED", data: { permission: "audit.export" } });
    }
    expect(await db.export.count()).toBe(before);
  });

  it("answers 400 for an unknown format or parameter", async () => {
    const admin = await makeStaff("ADMIN");
    const res = await call(await tokenFor(admin), "format=xlsx", currentTotp(admin.secret!));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/csv or jsonl/);
  });
});

describe("GET /audit/download (the console, session cookie)", () => {
  async function signIn(s: MadeStaff, steppedUp: boolean) {
    const session = await makeSession(s.id, { steppedUp });
    requestScope.cookies.clear();
    requestScope.cookies.set(sessionCookie.name, await encode({ token: { sid: session.token }, secret: config.AUTH_SECRET, salt: sessionCookie.name }));
  }
  const get = (query: string, site: string | null = "same-origin") =>
    consoleDownload(new Request(`http://localhost/audit/download?${query}`, { headers: site === null ? {} : { "sec-fetch-site": site } }), { params: Promise.resolve({}) });

  it("checks first (step-up, size) without exporting, then streams the file and records it as via console", async () => {
    const staff = await makeStaff("AUDITOR");
    await signIn(staff, false);
    const before = await db.export.count();
    const unconfirmed = await get(`check=1&format=csv&case=${caseA.ref}`);
    expect(unconfirmed.status).toBe(403);
    expect((await unconfirmed.json()).error.code).toBe("STEP_UP_REQUIRED");

    await signIn(staff, true);
    const check = await get(`check=1&format=jsonl&case=${caseA.ref}`);
    const rows = await db.auditEntry.count({ where: { caseId: caseA.id } });
    expect(await check.json()).toEqual({ rows, format: "JSONL" });
    expect(await db.export.count()).toBe(before);

    const res = await get(`format=jsonl&case=${caseA.ref}`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(rows);
    const id = res.headers.get("x-gatehouse-export-id")!;
    expect(await db.export.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DONE", format: "JSONL", filters: { via: "console", case: caseA.ref } });
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "audit.exported", targetId: id } })).toMatchObject({ actorType: "STAFF", actorId: staff.id });
  });

  it("refuses a request started from another site, from a pasted URL (Sec-Fetch-Site: none) or without the header", async () => {
    const staff = await makeStaff("ADMIN");
    await signIn(staff, true);
    const before = await db.export.count();
    for (const site of ["cross-site", "same-site", "none", null]) {
      const res = await get("format=csv", site);
      expect(res.status, String(site)).toBe(403);
      expect((await res.json()).error.code).toBe("FORBIDDEN");
    }
    expect(await db.export.count()).toBe(before);
  });
});
