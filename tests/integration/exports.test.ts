import { createHash, randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as downloadRoute } from "@/app/api/v1/exports/[id]/download/route";
import { GET as getRoute } from "@/app/api/v1/exports/[id]/route";
import { POST as postRoute } from "@/app/api/v1/exports/route";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { currentTotp } from "@/lib/auth/mfa";
import { db, type StaffRole } from "@/lib/db";
import { expireExports } from "@/lib/exports/expire-exports";
import { expireExportsJob, runExportJob } from "@/lib/exports/jobs";
import { requestExport } from "@/lib/exports/request-export";
import { runExport } from "@/lib/exports/run-export";
import type { ExportView } from "@/lib/exports/view";
import { sharedRedis } from "@/lib/queue/connection";
import { findJob } from "@/lib/queue/jobs";
import { relayOutboxBatch } from "@/lib/outbox/relay";
import { queueFactory } from "@/lib/queue/queues";
import { startQueueWorker } from "@/lib/queue/worker";
import { getBytes, objectExists } from "@/lib/storage";
import { makeQueueCase } from "./support/cases-world";
import { makeStaff } from "./support/staff";

afterAll(async () => {
  sharedRedis().disconnect();
  await db.$disconnect();
});

const FROM = new Date(Date.now() - 3_600_000).toISOString();
const TO = new Date(Date.now() + 3_600_000).toISOString();
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const job = { attemptsMade: 0, opts: { attempts: 3 } } as Job; // the handler reads only these
let caseRef: string;
let caseId: string;

async function caller(role: StaffRole) {
  const s = await makeStaff(role);
  const { token } = await createApiTokenUnchecked(undefined, { staffId: s.id, name: "exports", expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
  // Each TOTP step is accepted once: the +30 s code (±1 step tolerance) serves a second call.
  let step = 0;
  return { ...s, auth: { authorization: `Bearer ${token}` }, totp: () => ({ "x-gatehouse-totp": currentTotp(s.secret!, Date.now() + 30_000 * step++) }) };
}
const staffActor = (s: { id: string; role: StaffRole }): Actor => ({ type: "STAFF", id: s.id, role: s.role, steppedUpAt: new Date() });
const post = (headers: Record<string, string>, body: unknown) =>
  postRoute(new Request("http://localhost/api/v1/exports", { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
const get = (id: string, headers: Record<string, string>) => getRoute(new Request(`http://localhost/api/v1/exports/${id}`, { headers }), { params: Promise.resolve({ id }) });
const download = (id: string, headers: Record<string, string>) => downloadRoute(new Request(`http://localhost/api/v1/exports/${id}/download`, { headers }), { params: Promise.resolve({ id }) });

beforeAll(async () => {
  const c = await makeQueueCase();
  caseRef = c.ref;
  caseId = c.id;
  // 4,500 entries (three pages of the exporter), every tenth about the case.
  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < 4_500; i++) {
        await appendAudit(tx, {
          action: "outbox.pruned",
          actor: { type: "SYSTEM", id: "seed" },
          caseId: i % 10 === 0 ? caseId : undefined,
          data: { deleted: i, publishedBefore: new Date().toISOString() },
        });
      }
    },
    { timeout: 60_000 },
  );
});

describe("background export", () => {
  it("POST queues it (outbox row, audit); the job writes the file to S3 with a manifest that matches the table", async () => {
    const auditor = await caller("AUDITOR");
    const res = await post({ ...auditor.auth, ...auditor.totp() }, { format: "CSV", from: FROM, to: TO });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    expect(await db.outboxMessage.findMany({ where: { jobName: "exports.run" }, select: { payload: true, queue: true } })).toEqual([{ payload: { exportId: id }, queue: "exports" }]);
    expect(await db.auditEntry.count({ where: { action: "audit.export_requested", targetId: id, actorId: { startsWith: auditor.id } } })).toBe(1);
    expect(((await (await get(id, auditor.auth)).json()) as ExportView).status).toBe("QUEUED");

    expect(await runExportJob.handler({ exportId: id }, job)).toMatchObject({ status: "DONE" });
    const view = (await (await get(id, auditor.auth)).json()) as ExportView;
    expect(view).toMatchObject({ status: "DONE", progress: 100, downloadUrl: `/api/v1/exports/${id}/download` });
    const m = view.manifest!;
    const inTable = await db.auditEntry.count({ where: { seq: { lte: BigInt(m.chainHead!.seq) }, occurredAt: { gte: new Date(FROM), lt: new Date(TO) } } });
    expect(m.rows).toBe(inTable);
    expect(m.rows).toBeGreaterThan(4_500);
    expect(view.rowsDone).toBe(m.rows);
    expect(m.chainHead!.hash).toBe((await db.auditEntry.findUniqueOrThrow({ where: { seq: BigInt(m.chainHead!.seq) } })).hash);
    expect(m).toMatchObject({ mode: "background", format: "CSV", filters: { from: FROM, to: TO }, requestedById: auditor.id });
    expect(m.firstSeq).toBe("1");

    const row = await db.export.findUniqueOrThrow({ where: { id } });
    const file = await getBytes("exports", row.objectKey!);
    expect(row.objectKey).toBe(`exports/${id}.csv`);
    expect(sha256(file)).toBe(m.sha256);
    expect(row.sha256).toBe(m.sha256);
    expect(file.toString("utf8").trimEnd().split("\r\n")).toHaveLength(m.rows + 1);
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const exported = await db.auditEntry.findFirstOrThrow({ where: { action: "audit.exported", targetId: id } });
    expect(exported.data).toMatchObject({ mode: "background", rows: m.rows, sha256: m.sha256, chainHeadHash: m.chainHead!.hash, format: "CSV" });

    // Running it again (a retried job) changes nothing.
    expect(await runExportJob.handler({ exportId: id }, job)).toEqual({ status: "DONE" });
    expect(await db.auditEntry.count({ where: { action: "audit.exported", targetId: id } })).toBe(1);
  });

  it("JSONL for a set of cases; a RUNNING export run again restarts from the first row", async () => {
    const auditor = await makeStaff("AUDITOR");
    const { id } = await requestExport(staffActor(auditor), { format: "JSONL", from: FROM, to: TO, cases: [caseRef.toLowerCase()] });
    await db.export.update({ where: { id }, data: { status: "RUNNING", rowsDone: 123 } });
    expect(await runExport(id)).toMatchObject({ status: "DONE" });
    const row = await db.export.findUniqueOrThrow({ where: { id } });
    const lines = (await getBytes("exports", row.objectKey!)).toString("utf8").trimEnd().split("\n");
    expect(lines.length).toBe(await db.auditEntry.count({ where: { caseId, seq: { lte: BigInt((row.manifest as { chainHead: { seq: string } }).chainHead.seq) } } }));
    expect(lines.every((l) => (JSON.parse(l) as { caseId: string }).caseId === caseId)).toBe(true);
    expect(row.filters).toMatchObject({ mode: "background", labels: { case: caseRef }, resolved: { caseIds: [caseId] } });
  });

  it("download: audited, then 302 to a presigned link that lives ≤ 60 s and serves the file", async () => {
    const auditor = await caller("AUDITOR");
    const { id } = await requestExport(staffActor(auditor), { format: "CSV", from: FROM, to: TO, actions: ["outbox.pruned"] });
    await runExport(id);
    const res = await download(id, { ...auditor.auth, ...auditor.totp() });
    expect(res.status).toBe(302);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const link = new URL(res.headers.get("location")!);
    expect(Number(link.searchParams.get("X-Amz-Expires"))).toBeLessThanOrEqual(60);
    expect(link.searchParams.get("response-content-disposition")).toMatch(/^attachment; filename="gatehouse-audit-.+\.csv"$/);
    expect(link.searchParams.get("response-cache-control")).toMatch(/no-store/);
    expect(await db.auditEntry.count({ where: { action: "audit.export_downloaded", targetId: id, actorId: { startsWith: auditor.id } } })).toBe(1);

    const fetched = await fetch(link);
    expect(fetched.status).toBe(200);
    const manifest = (await db.export.findUniqueOrThrow({ where: { id } })).manifest as { sha256: string };
    expect(sha256(new Uint8Array(await fetched.arrayBuffer()))).toBe(manifest.sha256);
  });

  it("only auditors and admins export, with step-up; only the requester or an admin sees an export", async () => {
    for (const role of ["AGENT", "SUPERVISOR"] as const) {
      const s = await caller(role);
      const res = await post({ ...s.auth, ...s.totp() }, { format: "CSV", from: FROM, to: TO });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    }
    const auditor = await caller("AUDITOR");
    const noStepUp = await post(auditor.auth, { format: "CSV", from: FROM, to: TO });
    expect(noStepUp.status).toBe(403);
    expect(await noStepUp.json()).toMatchObject({ error: { code: "STEP_UP_REQUIRED" } });
    expect((await post({ ...auditor.auth, ...auditor.totp() }, { format: "XLSX", from: FROM, to: TO })).status).toBe(400);

    const admin = await caller("ADMIN");
    const created = await post({ ...admin.auth, ...admin.totp() }, { format: "JSONL", from: FROM, to: TO });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    expect((await get(id, auditor.auth)).status).toBe(404); // another auditor's: not revealed
    expect((await get(randomUUID(), auditor.auth)).status).toBe(404);
    const mine = await requestExport(staffActor(auditor), { format: "CSV", from: FROM, to: TO });
    expect((await get(mine.id, admin.auth)).status).toBe(200);
    expect((await download(mine.id, { ...auditor.auth, ...auditor.totp() })).status).toBe(409); // not finished
  });

  it("past its retention: download is 410; the daily job deletes the file and marks it EXPIRED", async () => {
    const auditor = await caller("AUDITOR");
    const { id } = await requestExport(staffActor(auditor), { format: "CSV", from: FROM, to: TO, actions: ["audit.export_requested"] });
    await runExport(id);
    const key = (await db.export.findUniqueOrThrow({ where: { id } })).objectKey!;
    await db.export.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });

    const res = await download(id, { ...auditor.auth, ...auditor.totp() });
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND", details: { reason: "export_expired" } } });
    expect(((await (await get(id, auditor.auth)).json()) as ExportView).downloadUrl).toBeNull();

    expect(findJob("exports.expire")).toBe(expireExportsJob);
    expect(expireExportsJob).toMatchObject({ queue: "scheduler", schedule: { pattern: expect.any(String) } });
    expect(await expireExports()).toMatchObject({ expired: 1 });
    expect(await objectExists("exports", key)).toBe(false);
    expect((await db.export.findUniqueOrThrow({ where: { id } })).status).toBe("EXPIRED");
  });

  it("a failure on the last attempt marks it FAILED with a safe message and audit.export_failed", async () => {
    const auditor = await makeStaff("AUDITOR");
    const { id } = await requestExport(staffActor(auditor), { format: "CSV", from: FROM, to: TO });
    await db.export.update({ where: { id }, data: { filters: { from: "not a date" } } });
    expect(await runExportJob.handler({ exportId: id }, { attemptsMade: 2, opts: { attempts: 3 } } as Job)).toEqual({ status: "FAILED" });
    const row = await db.export.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("FAILED");
    expect(row.error).not.toMatch(/prisma|stack|Error:/i);
    expect(await db.auditEntry.count({ where: { action: "audit.export_failed", targetId: id, outcome: "FAILURE" } })).toBe(1);
  });

  it("end to end: the outbox relay publishes exports.run and a worker on the exports queue finishes it", async () => {
    const auditor = await makeStaff("AUDITOR");
    const { id } = await requestExport(staffActor(auditor), { format: "JSONL", from: FROM, to: TO, actions: ["case."] });
    const queues = queueFactory();
    const worker = startQueueWorker("exports", { concurrency: 1 });
    try {
      expect(await relayOutboxBatch(db, queues.get, 100)).toBeGreaterThanOrEqual(1);
      const deadline = Date.now() + 20_000;
      let status = "QUEUED";
      while (status !== "DONE" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await db.export.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
      }
      expect(status).toBe("DONE");
    } finally {
      await worker.close();
      await queues.close();
    }
  });
});
