import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { GET as getRoute } from "@/app/api/v1/inbound-emails/[id]/route";
import { POST as retryRoute } from "@/app/api/v1/inbound-emails/[id]/retry/route";
import { GET as listRoute } from "@/app/api/v1/inbound-emails/route";
import type { Actor } from "@/lib/auth/actor";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { db, type InboundEmailStatus, type StaffRole } from "@/lib/db";
import { askForJpeg } from "@/lib/intake/staff/ask-for-jpeg";
import { getInboundEmail } from "@/lib/intake/staff/get-inbound-email";
import { linkInboundEmail } from "@/lib/intake/staff/link-inbound-email";
import { listInboundEmails } from "@/lib/intake/staff/list-inbound-emails";
import { retryInboundEmail } from "@/lib/intake/staff/retry-inbound-email";
import { setDocumentSide } from "@/lib/intake/staff/set-document-side";
import { sharedRedis } from "@/lib/queue/connection";
import { processInboundEmail } from "@/lib/intake/process";
import { idPhotos, jpeg, makeAccount, receive, seedSlaPolicies } from "../support/intake-world";
import { makeStaff } from "./support/staff";

afterAll(async () => {
  sharedRedis().disconnect();
  await db.$disconnect();
});

const request = { requestId: "req-intake-staff", ip: "198.51.100.9", userAgent: "vitest" };
const MIN = 60_000;

async function staff(role: StaffRole): Promise<Actor & { type: "STAFF" }> {
  const s = await makeStaff(role);
  return { type: "STAFF", id: s.id, role };
}

async function account(email = `c-${randomUUID().slice(0, 8)}@mail.example.com`) {
  return db.account.create({ data: { uid: `U${randomUUID().replaceAll("-", "").slice(0, 12)}`, email, emailNormalized: email.toLowerCase(), realName: "Alex Example" } });
}

async function inbound(status: InboundEmailStatus, data: { receivedAt?: Date; fromAddress?: string; subject?: string; accountId?: string; caseId?: string; parseError?: string } = {}) {
  return db.inboundEmail.create({
    data: {
      provider: "POSTMARK",
      providerMessageId: `pm-${randomUUID()}`,
      messageId: `${randomUUID()}@mail.example.com`,
      rawKey: `quarantine/raw/${randomUUID()}.json`,
      rawSha256: "a".repeat(64),
      rawSize: 2048,
      status,
      fromAddress: data.fromAddress ?? "someone@mail.example.com",
      fromName: "Some\u202eone",
      subject: data.subject ?? "ID photos",
      receivedAt: data.receivedAt ?? new Date(),
      accountId: data.accountId,
      caseId: data.caseId,
      parseError: data.parseError,
      spf: status === "RECEIVED" ? null : "PASS",
      dkim: status === "RECEIVED" ? null : "FAIL",
    },
  });
}

async function doc(inboundEmailId: string, verdict: "ACCEPTED" | "PREVIEW_UNAVAILABLE" | "REJECTED", extra: { caseId?: string; fileName?: string } = {}) {
  const id = randomUUID();
  return db.document.create({
    data: {
      id,
      inboundEmailId,
      caseId: extra.caseId,
      originalKey: `quarantine/originals/${id}`,
      normalizedKey: verdict === "ACCEPTED" ? `normalized/${id}.jpg` : null,
      thumbnailKey: verdict === "ACCEPTED" ? `thumbnails/${id}.jpg` : null,
      sha256: "b".repeat(64),
      sizeBytes: 1234,
      sniffedType: verdict === "PREVIEW_UNAVAILABLE" ? "image/heic" : "image/jpeg",
      fileName: extra.fileName ?? "front.jpg",
      verdict,
    },
  });
}

async function reviewCase(accountId: string, data: { assigneeId?: string; status?: "IN_REVIEW" | "APPROVED" } = {}) {
  return db.reviewCase.create({ data: { accountId, slaDueAt: new Date(Date.now() + 60 * MIN), status: data.status ?? "IN_REVIEW", assigneeId: data.assigneeId, decidedAt: data.status === "APPROVED" ? new Date() : null } });
}

const outboxFor = (id: string) => db.outboxMessage.findMany({ where: { jobName: "intake.process", payload: { path: ["inboundEmailId"], equals: id } }, orderBy: { id: "asc" } });
const audits = (action: string, targetId: string) => db.auditEntry.findMany({ where: { action, targetId }, orderBy: { seq: "asc" } });
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: { code?: string }) => e.code ?? String(e));

describe("listing inbound emails", () => {
  it("filters by status and free text, counts verdicts, and pages by (receivedAt, id) without gaps or repeats", async () => {
    const agent = await staff("AGENT");
    const t0 = Date.now() - 60 * MIN;
    const same = new Date(t0 + 5 * MIN);
    const rows = [];
    for (let i = 0; i < 7; i++) {
      // Three share one receivedAt: the id breaks the tie.
      const at = i >= 2 && i <= 4 ? same : new Date(t0 + i * MIN);
      rows.push(await inbound(i % 2 ? "FAILED" : "UNMATCHED", { receivedAt: at, subject: `Batch ${i}`, fromAddress: `sender${i}@list.example.com` }));
    }
    await doc(rows[6].id, "ACCEPTED");
    await doc(rows[6].id, "PREVIEW_UNAVAILABLE");
    await doc(rows[6].id, "REJECTED");

    const seen: string[] = [];
    let page = await listInboundEmails(agent, { q: "list.example.com", limit: 3 }, { request });
    expect(page.prevCursor).toBeNull();
    const pages = [page];
    while (page.nextCursor) {
      page = await listInboundEmails(agent, { q: "list.example.com", limit: 3, cursor: page.nextCursor });
      pages.push(page);
    }
    for (const p of pages) seen.push(...p.items.map((r) => r.id));
    const expected = [...rows].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);
    expect(seen).toEqual(expected);
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);

    // Back up from the last page: the middle page again, then the first (with no page above it).
    const back = await listInboundEmails(agent, { q: "list.example.com", limit: 3, cursor: pages[2].prevCursor! });
    expect(back.items.map((r) => r.id)).toEqual(pages[1].items.map((r) => r.id));
    const top = await listInboundEmails(agent, { q: "list.example.com", limit: 3, cursor: back.prevCursor! });
    expect(top.items.map((r) => r.id)).toEqual(pages[0].items.map((r) => r.id));
    expect(top.prevCursor).toBeNull();

    const first = pages[0].items[0];
    expect(first).toMatchObject({ id: rows[6].id, verdicts: { accepted: 1, previewUnavailable: 1, rejected: 1, pending: 0 }, auth: { spf: "PASS", dkim: "FAIL" } });
    expect(first.sender.name).toBe("Someone"); // the bidi override is gone

    const failed = await listInboundEmails(agent, { status: "FAILED", q: "list.example.com" });
    expect(failed.items.map((r) => r.status)).toEqual(["FAILED", "FAILED", "FAILED"]);
    const both = await listInboundEmails(agent, { status: ["FAILED", "UNMATCHED"], q: "Batch 4" });
    expect(both.items.map((r) => r.id)).toEqual([rows[4].id]);
    expect((await listInboundEmails(agent, { q: rows[3].providerMessageId })).items.map((r) => r.id)).toEqual([rows[3].id]);
    expect((await listInboundEmails(agent, { q: rows[2].id })).items.map((r) => r.id)).toEqual([rows[2].id]);

    await expect(listInboundEmails(agent, { cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(listInboundEmails(agent, { status: "DELETED" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("one inbound email", () => {
  it("shows documents as metadata only (no keys, no bytes) and the replies sent", async () => {
    const auditor = await staff("AUDITOR");
    const acct = await account();
    const email = await inbound("PROCESSED", { accountId: acct.id, fromAddress: acct.email });
    const d = await doc(email.id, "ACCEPTED");
    await db.outboundEmail.create({ data: { toAddress: acct.email, template: "ACKNOWLEDGEMENT", messageId: `${randomUUID()}@gatehouse.test`, inReplyToId: email.id, status: "SENT", sentAt: new Date() } });

    const detail = await getInboundEmail(auditor, { id: email.id }, { request });
    expect(detail.match.accountUid).toBe(acct.uid);
    expect(detail.documents).toEqual([expect.objectContaining({ id: d.id, verdict: "ACCEPTED", sniffedType: "image/jpeg", sizeBytes: 1234, side: "UNKNOWN" })]);
    expect(detail.replies).toEqual([expect.objectContaining({ template: "ACKNOWLEDGEMENT", status: "SENT" })]);
    const json = JSON.stringify(detail);
    for (const secret of [d.originalKey, d.normalizedKey!, d.thumbnailKey!, email.rawKey, d.sha256]) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/Key"|"content"|"bytes"/);
    await expect(getInboundEmail(auditor, { id: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getInboundEmail(auditor, { id: "../etc" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("retry", () => {
  it("re-queues a dead letter once: RECEIVED, a new outbox row, email.retried; refused while it is in flight or done", async () => {
    const supervisor = await staff("SUPERVISOR");
    const email = await inbound("FAILED", { receivedAt: new Date(Date.now() - 48 * 60 * MIN), parseError: "Processing failed after 5 attempts (S3ServiceException)" });
    const res = await retryInboundEmail(supervisor, { id: email.id }, { request });
    expect(res).toEqual({ id: email.id, status: "RECEIVED", previousStatus: "FAILED" });
    expect((await db.inboundEmail.findUniqueOrThrow({ where: { id: email.id } })).status).toBe("RECEIVED");
    expect((await outboxFor(email.id)).map((o) => o.dedupeKey)).toEqual([`intake.process__intake.process_${email.id}_retry_1`]);
    expect((await audits("email.retried", email.id)).map((a) => [a.actorId, a.data])).toEqual([[supervisor.id, { inboundEmailId: email.id, previousStatus: "FAILED" }]]);

    // Just queued again: not stuck yet (counted from the retry, not from its arrival two days ago).
    const stuckNow = async (now?: Date) => (await listInboundEmails(supervisor, { q: email.id }, { now })).items[0].stuck;
    expect([await stuckNow(), await stuckNow(new Date(Date.now() + 16 * MIN))]).toEqual([false, true]);
    await expect(retryInboundEmail(supervisor, { id: email.id })).rejects.toMatchObject({ code: "CONFLICT", details: { status: "RECEIVED" } });
    // 15 minutes after the retry with no progress: stuck, a second retry gets a new job id.
    await retryInboundEmail(supervisor, { id: email.id }, { now: new Date(Date.now() + 16 * MIN) });
    expect((await outboxFor(email.id)).map((o) => o.dedupeKey)).toEqual([`intake.process__intake.process_${email.id}_retry_1`, `intake.process__intake.process_${email.id}_retry_2`]);

    const done = await inbound("PROCESSED");
    await expect(retryInboundEmail(supervisor, { id: done.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("processed") });
    const fresh = await inbound("PROCESSING", { receivedAt: new Date(Date.now() - 2 * MIN) });
    await expect(retryInboundEmail(supervisor, { id: fresh.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const stuck = await inbound("PROCESSING", { receivedAt: new Date(Date.now() - 20 * MIN) });
    await expect(retryInboundEmail(supervisor, { id: stuck.id })).resolves.toMatchObject({ previousStatus: "PROCESSING" });
    await expect(retryInboundEmail(supervisor, { id: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("link to an account", () => {
  it("links an unmatched email and re-runs the pipeline; unknown uid → NOT_FOUND, any other status → CONFLICT", async () => {
    const agent = await staff("AGENT");
    const acct = await account();
    const email = await inbound("UNMATCHED", { fromAddress: "other-address@mail.example.com" });

    await expect(linkInboundEmail(agent, { id: email.id, accountUid: "U-nobody" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.inboundEmail.findUniqueOrThrow({ where: { id: email.id } })).status).toBe("UNMATCHED");

    const res = await linkInboundEmail(agent, { id: email.id, accountUid: ` ${acct.uid} ` }, { request });
    expect(res).toEqual({ id: email.id, status: "RECEIVED", accountId: acct.id, accountUid: acct.uid });
    const row = await db.inboundEmail.findUniqueOrThrow({ where: { id: email.id } });
    expect(row).toMatchObject({ status: "RECEIVED", accountId: acct.id, linkedById: agent.id, processedAt: null });
    expect(row.linkedAt).toBeInstanceOf(Date);
    expect((await outboxFor(email.id)).map((o) => o.dedupeKey)).toEqual([`intake.process__intake.process_${email.id}_link_1`]);
    const [audit] = await audits("email.linked", email.id);
    expect(audit).toMatchObject({ actorId: agent.id, accountId: acct.id, data: { inboundEmailId: email.id, accountId: acct.id, caseId: null } });

    await expect(linkInboundEmail(agent, { id: email.id, accountUid: acct.uid })).rejects.toMatchObject({ code: "CONFLICT", details: { status: "RECEIVED" } });
    const processed = await inbound("PROCESSED");
    await expect(linkInboundEmail(agent, { id: processed.id, accountUid: acct.uid })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("only unmatched") });
    await expect(linkInboundEmail(agent, { id: processed.id, accountUid: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("ask for JPEG", () => {
  it("queues ASK_FOR_JPEG to the sender, threaded and on the case timeline, once; refused without a preview-unavailable attachment", async () => {
    const agent = await staff("AGENT");
    const acct = await account();
    const kase = await reviewCase(acct.id, { assigneeId: agent.id });
    const email = await inbound("PROCESSED", { accountId: acct.id, caseId: kase.id, fromAddress: acct.email });
    await doc(email.id, "ACCEPTED", { caseId: kase.id });
    await doc(email.id, "PREVIEW_UNAVAILABLE", { caseId: kase.id, fileName: "back.heic" });

    const res = await askForJpeg(agent, { id: email.id }, { request });
    if (!res.queued) throw new Error(`suppressed: ${res.suppressed}`);
    const out = await db.outboundEmail.findUniqueOrThrow({ where: { id: res.outboundEmailId } });
    expect(out).toMatchObject({ template: "ASK_FOR_JPEG", toAddress: acct.email, inReplyToId: email.id, caseId: kase.id, status: "QUEUED" });
    expect(out.variables).toMatchObject({ fileNames: ["back.heic"], customerName: "Alex Example" });
    expect(await db.outboxMessage.count({ where: { jobName: "email.send", payload: { path: ["outboundEmailId"], equals: out.id } } })).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "outbound.queued", actorId: agent.id, targetId: out.id } })).toBe(1);
    expect(await db.caseEvent.count({ where: { caseId: kase.id, type: "CUSTOMER_EMAILED" } })).toBe(1);

    await expect(askForJpeg(agent, { id: email.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already queued") });
    const viewable = await inbound("PROCESSED", { accountId: acct.id, fromAddress: acct.email });
    await doc(viewable.id, "ACCEPTED");
    await expect(askForJpeg(agent, { id: viewable.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("preview unavailable") });
    const unmatched = await inbound("UNMATCHED");
    await doc(unmatched.id, "PREVIEW_UNAVAILABLE");
    await expect(askForJpeg(agent, { id: unmatched.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("link it") });
    expect(await db.outboundEmail.count({ where: { template: "ASK_FOR_JPEG" } })).toBe(1);
  });
});

describe("document side", () => {
  it("relabels with an audit entry; on a case only the assignee or a supervisor; never on a decided case or a refused file", async () => {
    const [agent, other, supervisor] = [await staff("AGENT"), await staff("AGENT"), await staff("SUPERVISOR")];
    const loose = await doc((await inbound("UNMATCHED")).id, "PREVIEW_UNAVAILABLE");
    await expect(setDocumentSide(agent, { documentId: loose.id, side: "BACK" }, { request })).resolves.toEqual({ documentId: loose.id, side: "BACK", previousSide: "UNKNOWN", changed: true });
    expect((await audits("document.side_changed", loose.id))[0].data).toEqual({ documentId: loose.id, caseId: null, before: "UNKNOWN", after: "BACK" });
    await expect(setDocumentSide(agent, { documentId: loose.id, side: "BACK" })).resolves.toMatchObject({ changed: false });
    expect(await audits("document.side_changed", loose.id)).toHaveLength(1);

    const acct = await account();
    const kase = await reviewCase(acct.id, { assigneeId: agent.id });
    const onCase = await doc((await inbound("PROCESSED", { accountId: acct.id, caseId: kase.id })).id, "ACCEPTED", { caseId: kase.id });
    await expect(setDocumentSide(other, { documentId: onCase.id, side: "FRONT" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setDocumentSide(supervisor, { documentId: onCase.id, side: "FRONT" });
    await setDocumentSide(agent, { documentId: onCase.id, side: "BACK" });
    expect((await db.reviewCase.findUniqueOrThrow({ where: { id: kase.id } })).version).toBe(kase.version + 2);

    const decided = await reviewCase(acct.id, { assigneeId: agent.id, status: "APPROVED" });
    const frozen = await doc((await inbound("PROCESSED", { accountId: acct.id, caseId: decided.id })).id, "ACCEPTED", { caseId: decided.id });
    await expect(setDocumentSide(agent, { documentId: frozen.id, side: "FRONT" })).rejects.toMatchObject({ code: "CONFLICT" });
    const refused = await doc((await inbound("UNMATCHED")).id, "REJECTED");
    await expect(setDocumentSide(agent, { documentId: refused.id, side: "FRONT" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setDocumentSide(agent, { documentId: loose.id, side: "SIDEWAYS" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("roles", () => {
  it("auditors and admins read; auditors cannot retry, admins cannot link or reply; refusals are audited", async () => {
    const [auditor, admin] = [await staff("AUDITOR"), await staff("ADMIN")];
    const failed = await inbound("FAILED");
    const unmatched = await inbound("UNMATCHED");
    await doc(unmatched.id, "PREVIEW_UNAVAILABLE");
    expect((await listInboundEmails(auditor, { status: "FAILED" })).items.map((r) => r.id)).toContain(failed.id);
    await expect(getInboundEmail(admin, { id: unmatched.id })).resolves.toMatchObject({ id: unmatched.id });

    expect(await codeOf(retryInboundEmail(auditor, { id: failed.id }, { request }))).toBe("FORBIDDEN");
    expect(await codeOf(linkInboundEmail(admin, { id: unmatched.id, accountUid: "U1" }))).toBe("FORBIDDEN");
    expect(await codeOf(askForJpeg(admin, { id: unmatched.id }))).toBe("FORBIDDEN");
    expect(await codeOf(setDocumentSide(auditor, { documentId: randomUUID(), side: "FRONT" }))).toBe("FORBIDDEN");
    expect(await codeOf(listInboundEmails({ type: "ANONYMOUS" }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(retryInboundEmail(admin, { id: failed.id }))).toBe("OK");
    const denied = await db.auditEntry.findMany({ where: { action: "auth.denied", actorId: auditor.id } });
    expect(denied.map((d) => (d.data as { permission: string }).permission)).toEqual(expect.arrayContaining(["inbound.retry", "case.note"]));
  });

  it("serves the same over /api/v1 with a Bearer token", async () => {
    const supervisor = await staff("SUPERVISOR");
    const { token } = await createApiTokenUnchecked(undefined, { staffId: supervisor.id, name: "ops", expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
    const auth = { authorization: `Bearer ${token}` };
    const failed = await inbound("FAILED", { subject: "api-visible" });
    const list = await listRoute(new Request("http://localhost/api/v1/inbound-emails?status=FAILED,UNMATCHED&q=api-visible&limit=5", { headers: auth }), { params: Promise.resolve({}) });
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((r: { id: string }) => r.id)).toEqual([failed.id]);
    const one = await getRoute(new Request(`http://localhost/api/v1/inbound-emails/${failed.id}`, { headers: auth }), { params: Promise.resolve({ id: failed.id }) });
    expect(await one.json()).toMatchObject({ id: failed.id, status: "FAILED", documents: [], replies: [] });
    const retried = await retryRoute(new Request(`http://localhost/api/v1/inbound-emails/${failed.id}/retry`, { method: "POST", headers: auth }), { params: Promise.resolve({ id: failed.id }) });
    expect([retried.status, await retried.json()]).toEqual([200, { id: failed.id, status: "RECEIVED", previousStatus: "FAILED" }]);
    const again = await retryRoute(new Request(`http://localhost/api/v1/inbound-emails/${failed.id}/retry`, { method: "POST", headers: auth }), { params: Promise.resolve({ id: failed.id }) });
    expect(again.status).toBe(409);
    const anon = await listRoute(new Request("http://localhost/api/v1/inbound-emails"), { params: Promise.resolve({}) });
    expect(anon.status).toBe(401);
  });
});

describe("link, then the pipeline runs again", () => {
  // The contract with lib/intake/process: a staff-linked account (linkedById set) replaces sender
  // matching, and a re-run keeps the documents the unmatched run stored (same deterministic ids).
  // Not implemented there yet (commitInboundEmail still matches the sender, and createMany hits
  // Document_pkey), so this is marked as failing; flip it to `it` once the pipeline honours links.
  it("an email from an unbound address, linked by an agent, is processed for that account", async () => {
    await seedSlaPolicies();
    const agent = await staff("AGENT");
    const acct = await makeAccount({ email: "bound@mail.example.com" });
    const { front, back } = await idPhotos("linked");
    const { inboundEmailId } = await receive({ from: "other-address@mail.example.com", attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    expect(await processInboundEmail(inboundEmailId)).toMatchObject({ outcome: "unmatched" });
    const uid = (await db.account.findUniqueOrThrow({ where: { id: acct.id } })).uid;

    await linkInboundEmail(agent, { id: inboundEmailId, accountUid: uid });
    const r = await processInboundEmail(inboundEmailId);
    expect(r).toMatchObject({ status: "PROCESSED", accountId: acct.id, outcome: "case_created" });
    const docs = await db.document.findMany({ where: { inboundEmailId } });
    expect(docs.map((d) => d.caseId)).toEqual([r.caseId, r.caseId]);
    expect(await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } })).toMatchObject({ status: "PROCESSED", accountId: acct.id, linkedById: agent.id });
  });
});
