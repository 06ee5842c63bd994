import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { processInboundJob } from "@/lib/intake/jobs";
import { documentKeys, prepareInboundEmail, processInboundEmail } from "@/lib/intake/process";
import { relayOutboxBatch } from "@/lib/outbox/relay";
import { createRedis } from "@/lib/queue/connection";
import { aliveWorkers } from "@/lib/queue/heartbeat";
import { queueFactory } from "@/lib/queue/queues";
import { startQueueWorker } from "@/lib/queue/worker";
import { deleteObject, getBytes, objectExists } from "@/lib/storage";
import { makeStaff } from "../integration/support/staff";
import { audits, caseOf, eventually, footprint, idPhotos, jpeg, makeAccount, malformedMime, receive, seedSlaPolicies, setCaseStatus, storeInbound, zipOf } from "../support/intake-world";

const redis = createRedis("worker");
const queues = queueFactory(redis);
beforeAll(seedSlaPolicies);
afterAll(async () => {
  await queues.close();
  redis.disconnect();
  await db.$disconnect();
});

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("intake: a new email from the bound address", () => {
  it("opens a case for the pending device with both documents (sides by file name), queues the acknowledgement and audits it", async () => {
    const acct = await makeAccount({ email: "Alex.Customer@Mail.Example.com" });
    const { front, back } = await idPhotos("new-email");
    // Back first: the file names, not the order, decide the sides. The From address differs in case only.
    const { inboundEmailId } = await receive({ from: "alex.customer@mail.example.com", attachments: [jpeg("id-back.jpg", back), jpeg("id-front.jpg", front)] });
    const before = Date.now();

    const r = await processInboundEmail(inboundEmailId);
    expect(r.outcome).toBe("case_created");
    expect(r.accountId).toBe(acct.id);

    const c = await caseOf(r.caseId!);
    expect(c).toMatchObject({ accountId: acct.id, deviceId: acct.pendingDeviceId, status: "NEW", priority: "NORMAL", riskFlags: [], version: 1 });
    expect(c.slaDueAt.getTime() - before).toBeGreaterThan(479 * 60_000);
    expect(c.slaDueAt.getTime() - before).toBeLessThan(481 * 60_000);
    expect(c.lastCustomerMsgAt).not.toBeNull();

    const docs = [...c.documents].sort((a, b) => a.fileName!.localeCompare(b.fileName!));
    expect(docs.map((d) => [d.fileName, d.side, d.verdict, d.sniffedType])).toEqual([
      ["id-back.jpg", "BACK", "ACCEPTED", "image/jpeg"],
      ["id-front.jpg", "FRONT", "ACCEPTED", "image/jpeg"],
    ]);
    for (const d of docs) {
      expect(d).toMatchObject({ inboundEmailId, ...documentKeysOf(d.id), width: 1000, height: 630 });
      expect(d.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
      const original = await getBytes("inbound", d.originalKey);
      expect(d.sha256).toBe(sha256(original));
      expect(original.equals(d.fileName === "id-back.jpg" ? back : front)).toBe(true);
      const meta = await sharp(await getBytes("documents", d.normalizedKey!)).metadata();
      expect([meta.format, meta.exif]).toEqual(["jpeg", undefined]);
      expect(await objectExists("documents", d.thumbnailKey!)).toBe(true);
    }

    const inbound = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
    expect(inbound).toMatchObject({ status: "PROCESSED", accountId: acct.id, caseId: c.id, spf: "PASS", dkim: "PASS", dmarc: "PASS", displayNameSpoof: false, attempts: 1, parseError: null, fromAddress: "alex.customer@mail.example.com", subject: "ID photos for my new phone" });
    expect(inbound.processedAt).not.toBeNull();

    expect(c.events.map((e) => e.type)).toEqual(["CREATED", "EMAIL_RECEIVED", "DOCUMENT_ADDED", "DOCUMENT_ADDED", "CUSTOMER_EMAILED"]);
    expect(c.outbound).toHaveLength(1);
    const ack = c.outbound[0];
    expect(ack).toMatchObject({ template: "ACKNOWLEDGEMENT", toAddress: "alex.customer@mail.example.com", accountId: acct.id, inReplyToId: inboundEmailId, status: "QUEUED" });
    expect(ack.variables).toMatchObject({ caseRef: formatCaseRef(c.number), deviceName: "Pixel 9", slaHours: 8, customerName: "Alex Example" });
    expect(await db.outboxMessage.count({ where: { jobName: "email.send", dedupeKey: { contains: ack.id } } })).toBe(1);

    const [processed] = await audits("email.processed", inboundEmailId);
    expect(processed.data).toEqual({ inboundEmailId, outcome: "case_created", caseId: c.id, accountId: acct.id, documents: { accepted: 2, previewUnavailable: 0, rejected: 0 }, riskFlags: [] });
    expect(await db.auditEntry.count({ where: { action: "case.created", caseId: c.id } })).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "outbound.queued", targetId: ack.id } })).toBe(1);
  });

  it("without a pending device, reviews the device of the latest failed face check", async () => {
    const acct = await makeAccount({ pendingDevice: false, faceFailure: "FACE_MISMATCH" });
    const { front, back } = await idPhotos("no-pending");
    const { inboundEmailId } = await receive({ from: acct.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    const r = await processInboundEmail(inboundEmailId);
    const device = await db.loginEvent.findFirstOrThrow({ where: { accountId: acct.id, outcome: "FAILURE" }, select: { deviceId: true } });
    expect((await caseOf(r.caseId!)).deviceId).toBe(device.deviceId);
  });
});

function documentKeysOf(id: string) {
  const k = documentKeys(id);
  return { originalKey: k.original, normalizedKey: k.normalized, thumbnailKey: k.thumbnail };
}

describe("intake: running twice", () => {
  it("a job that runs again after success creates nothing twice", async () => {
    const acct = await makeAccount();
    const { front, back } = await idPhotos("twice");
    const { inboundEmailId } = await receive({ from: acct.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    await processInboundEmail(inboundEmailId);
    const after = await footprint();
    const again = await processInboundEmail(inboundEmailId);
    expect(again).toMatchObject({ outcome: "skipped", status: "PROCESSED" });
    expect(await footprint()).toEqual(after);
    expect((await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } })).attempts).toBe(1);
  });

  it("two runs of the same job at the same time leave one set of rows", async () => {
    const acct = await makeAccount();
    const { front, back } = await idPhotos("concurrent-job");
    const { inboundEmailId } = await receive({ from: acct.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    const results = await Promise.all([processInboundEmail(inboundEmailId), processInboundEmail(inboundEmailId)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["case_created", "skipped"]);
    expect(await db.reviewCase.count({ where: { accountId: acct.id } })).toBe(1);
    expect(await db.document.count({ where: { inboundEmailId } })).toBe(2);
    expect(await db.outboundEmail.count({ where: { inReplyToId: inboundEmailId } })).toBe(1);
  });

  it("two emails from one account processed at once open one case between them", async () => {
    const acct = await makeAccount();
    const { front, back } = await idPhotos("two-emails");
    const a = await receive({ from: acct.email, attachments: [jpeg("front.jpg", front)] });
    const b = await receive({ from: acct.email, attachments: [jpeg("back.jpg", back)] });
    const results = await Promise.all([processInboundEmail(a.inboundEmailId), processInboundEmail(b.inboundEmailId)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["case_created", "case_joined"]);
    expect(await db.reviewCase.count({ where: { accountId: acct.id } })).toBe(1);
  });

  it("a worker killed between its S3 writes and its transaction leaves exactly one set of rows after the re-run", async () => {
    const acct = await makeAccount();
    const { front, back } = await idPhotos("crash");
    const { inboundEmailId } = await receive({ from: acct.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });

    // The first half runs (claim, parse, vet, objects written), then the process dies.
    const first = await prepareInboundEmail(inboundEmailId);
    if (first.kind !== "ready") throw new Error(`expected a prepared email, got ${first.kind}`);
    const ids = first.prepared.documents.map((d) => d.id);
    expect(await objectExists("inbound", documentKeys(ids[0]).original)).toBe(true);
    expect(await db.document.count({ where: { inboundEmailId } })).toBe(0);
    expect((await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } })).status).toBe("PROCESSING");

    const r = await processInboundEmail(inboundEmailId);
    expect(r.outcome).toBe("case_created");
    const docs = await db.document.findMany({ where: { inboundEmailId }, orderBy: { fileName: "asc" } });
    expect(docs.map((d) => d.id).sort()).toEqual([...ids].sort()); // the same ids, so the same object keys
    expect(await db.reviewCase.count({ where: { accountId: acct.id } })).toBe(1);
    expect(await db.outboundEmail.count({ where: { inReplyToId: inboundEmailId } })).toBe(1);
    expect(await audits("email.processed", inboundEmailId)).toHaveLength(1);
    expect((await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } })).attempts).toBe(2);
  });
});

describe("intake: threading", () => {
  async function openCaseFor(seed: string) {
    const acct = await makeAccount();
    const { front, back } = await idPhotos(seed);
    const first = await receive({ from: acct.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    const r = await processInboundEmail(first.inboundEmailId);
    const c = await caseOf(r.caseId!);
    return { acct, c, ref: formatCaseRef(c.number), photos: { front, back } };
  }

  it("a reply with [GH-…] in the subject joins the case, and a case waiting for the customer goes back to the queue", async () => {
    const { acct, c, ref } = await openCaseFor("reply-ref");
    await setCaseStatus(c.id, "AWAITING_CUSTOMER");
    const { front } = await idPhotos("reply-ref-sharper");
    const { inboundEmailId } = await receive({ from: acct.email, subject: `Re: We received your ID photos [${ref}]`, attachments: [jpeg("front-new.jpg", front)] });

    const r = await processInboundEmail(inboundEmailId);
    expect(r).toMatchObject({ outcome: "case_joined", caseId: c.id });
    const after = await caseOf(c.id);
    expect(after.status).toBe("NEW");
    expect(after.version).toBe(c.version + 2); // the staff change, then this email
    expect(after.documents).toHaveLength(3);
    expect(after.lastCustomerMsgAt!.getTime()).toBeGreaterThanOrEqual(c.lastCustomerMsgAt!.getTime());
    const replied = after.events.find((e) => e.type === "CUSTOMER_REPLIED");
    expect(replied?.data).toEqual({ inboundEmailId, via: "subject_ref", statusBefore: "AWAITING_CUSTOMER", statusAfter: "NEW" });
    expect(after.outbound.filter((o) => o.template === "ACKNOWLEDGEMENT")).toHaveLength(1); // no second acknowledgement
    expect(await db.auditEntry.count({ where: { action: "case.created", caseId: c.id } })).toBe(1);
  });

  it("a reply to a case someone holds goes back to IN_REVIEW", async () => {
    const { acct, c, ref } = await openCaseFor("reply-assigned");
    const agent = await makeStaff("AGENT");
    await setCaseStatus(c.id, "AWAITING_CUSTOMER", agent.id);
    const { inboundEmailId } = await receive({ from: acct.email, to: `support+${ref}@${config.MAIL_FROM_ADDRESS.split("@")[1]}`, subject: "here you go", text: "see attached" });
    const r = await processInboundEmail(inboundEmailId);
    expect(r).toMatchObject({ outcome: "case_joined", caseId: c.id });
    const after = await caseOf(c.id);
    expect(after.status).toBe("IN_REVIEW");
    expect(after.events.find((e) => e.type === "CUSTOMER_REPLIED")?.data).toMatchObject({ via: "recipient_ref" });
  });

  it("an out-of-office answer joins the timeline but does not count as the customer replying", async () => {
    const { acct, c } = await openCaseFor("out-of-office");
    await setCaseStatus(c.id, "AWAITING_CUSTOMER");
    const ack = c.outbound[0];
    const { inboundEmailId } = await receive({ from: acct.email, subject: "Out of office", inReplyTo: ack.messageId, headers: { "Auto-Submitted": "auto-replied" } });
    expect(await processInboundEmail(inboundEmailId)).toMatchObject({ outcome: "case_joined", caseId: c.id });
    const after = await caseOf(c.id);
    expect(after.status).toBe("AWAITING_CUSTOMER");
    expect(after.lastCustomerMsgAt).toEqual(c.lastCustomerMsgAt);
    expect(after.events.filter((e) => e.type === "CUSTOMER_REPLIED")).toHaveLength(0);
    expect(after.events.filter((e) => e.type === "EMAIL_RECEIVED")).toHaveLength(2);
  });

  it("In-Reply-To one of our emails threads the reply into that email's case", async () => {
    const { acct, c } = await openCaseFor("in-reply-to");
    const ack = c.outbound[0];
    const { inboundEmailId } = await receive({ from: acct.email, subject: "Re: your email", inReplyTo: ack.messageId, references: [ack.messageId] });
    const r = await processInboundEmail(inboundEmailId);
    expect(r).toMatchObject({ outcome: "case_joined", caseId: c.id });
    expect((await caseOf(c.id)).events.find((e) => e.type === "CUSTOMER_REPLIED")?.data).toMatchObject({ via: "in_reply_to" });
  });

  it("a forged reference to ANOTHER account's case is ignored: the sender gets their own case", async () => {
    const victim = await openCaseFor("victim");
    const attacker = await makeAccount();
    const { front, back } = await idPhotos("attacker");
    const { inboundEmailId } = await receive({
      from: attacker.email,
      to: `support+${victim.ref}@${config.MAIL_FROM_ADDRESS.split("@")[1]}`,
      subject: `Re: [${victim.ref}] more photos`,
      inReplyTo: victim.c.outbound[0].messageId,
      attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)],
    });
    const r = await processInboundEmail(inboundEmailId);
    expect(r.outcome).toBe("case_created");
    expect(r.caseId).not.toBe(victim.c.id);
    expect((await caseOf(r.caseId!)).accountId).toBe(attacker.id);
    const untouched = await caseOf(victim.c.id);
    expect([untouched.version, untouched.documents.length, untouched.events.length]).toEqual([victim.c.version, victim.c.documents.length, victim.c.events.length]);
  });

  it("decided cases are not reopened by email: new photos open a new case, a thank-you opens none", async () => {
    const { acct, c, ref } = await openCaseFor("decided");
    await setCaseStatus(c.id, "REJECTED");
    const thanks = await receive({ from: acct.email, subject: `Re: [${ref}] thanks`, text: "Thank you" });
    expect(await processInboundEmail(thanks.inboundEmailId)).toMatchObject({ outcome: "no_documents", caseId: null, status: "PROCESSED" });
    expect(await db.outboundEmail.count({ where: { inReplyToId: thanks.inboundEmailId } })).toBe(0);

    const { front, back } = await idPhotos("decided-again");
    const again = await receive({ from: acct.email, subject: `Re: [${ref}] new photos`, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    const r = await processInboundEmail(again.inboundEmailId);
    expect(r.outcome).toBe("case_created");
    expect((await caseOf(r.caseId!)).events[0].data).toMatchObject({ previousCaseId: c.id });
  });
});

describe("intake: senders, attachments and risk", () => {
  it("an unknown sender: UNMATCHED, documents kept for an agent to link, WRONG_SENDER queued", async () => {
    const { front, back } = await idPhotos("stranger");
    const { inboundEmailId } = await receive({ from: "someone.else@elsewhere.example", attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    const r = await processInboundEmail(inboundEmailId);
    expect(r).toMatchObject({ outcome: "unmatched", status: "UNMATCHED", caseId: null, accountId: null });
    const inbound = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId }, include: { documents: true } });
    expect(inbound).toMatchObject({ status: "UNMATCHED", accountId: null, caseId: null });
    expect(inbound.documents.map((d) => [d.verdict, d.caseId, d.normalizedKey !== null])).toEqual([["ACCEPTED", null, true], ["ACCEPTED", null, true]]);
    const replies = await db.outboundEmail.findMany({ where: { inReplyToId: inboundEmailId } });
    expect(replies.map((o) => [o.template, o.toAddress, o.caseId, o.accountId])).toEqual([["WRONG_SENDER", "someone.else@elsewhere.example", null, null]]);
    expect((await audits("email.processed", inboundEmailId))[0].data).toMatchObject({ outcome: "unmatched", accountId: null });
  });

  it("an address bound to two accounts matches neither", async () => {
    const email = "shared@mail.example.com";
    await makeAccount({ email });
    await makeAccount({ email });
    const { front } = await idPhotos("shared");
    const { inboundEmailId } = await receive({ from: email, attachments: [jpeg("front.jpg", front)] });
    expect(await processInboundEmail(inboundEmailId)).toMatchObject({ outcome: "unmatched" });
  });

  it("a zip attachment is kept as a REJECTED document and the customer is told what to send", async () => {
    const acct = await makeAccount();
    const { front, back } = await idPhotos("zip");
    const { inboundEmailId } = await receive({
      from: acct.email,
      attachments: [jpeg("front.jpg", front), { fileName: "back-side.zip", contentType: "application/zip", bytes: zipOf("back.jpg", back) }],
    });
    const r = await processInboundEmail(inboundEmailId);
    expect(r.outcome).toBe("case_created");
    const zip = await db.document.findFirstOrThrow({ where: { inboundEmailId, fileName: "back-side.zip" } });
    expect(zip).toMatchObject({ verdict: "REJECTED", sniffedType: "application/zip", normalizedKey: null, thumbnailKey: null, caseId: r.caseId, side: "UNKNOWN" });
    expect(zip.verdictReason).toMatch(/archive/i);
    expect(await objectExists("inbound", zip.originalKey)).toBe(true);
    const replies = await db.outboundEmail.findMany({ where: { inReplyToId: inboundEmailId }, orderBy: { createdAt: "asc" } });
    expect(replies.map((o) => o.template).sort()).toEqual(["ACKNOWLEDGEMENT", "UNSUPPORTED_ATTACHMENT"]);
    expect(replies.find((o) => o.template === "UNSUPPORTED_ATTACHMENT")!.variables).toMatchObject({ fileNames: ["back-side.zip"], caseRef: formatCaseRef((await caseOf(r.caseId!)).number) });
    expect((await audits("email.processed", inboundEmailId))[0].data).toMatchObject({ documents: { accepted: 1, previewUnavailable: 0, rejected: 1 } });
  });

  it("the same photo sent from another account flags REUSED_PHOTO (and a resend by the same account does not)", async () => {
    const owner = await makeAccount();
    const { front, back } = await idPhotos("reused");
    const first = await receive({ from: owner.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    const ownerCase = (await processInboundEmail(first.inboundEmailId)).caseId!;

    const resend = await receive({ from: owner.email, attachments: [jpeg("front.jpg", front)] });
    await processInboundEmail(resend.inboundEmailId);
    expect((await caseOf(ownerCase)).riskFlags).toEqual([]);

    const other = await makeAccount();
    const { inboundEmailId } = await receive({ from: other.email, attachments: [jpeg("my-id.jpg", front)] });
    const r = await processInboundEmail(inboundEmailId);
    const c = await caseOf(r.caseId!);
    expect(c).toMatchObject({ accountId: other.id, riskFlags: ["REUSED_PHOTO"], priority: "HIGH" });
    const added = c.events.find((e) => e.type === "DOCUMENT_ADDED");
    expect((added?.data as { reusedFrom?: { caseId: string }[] }).reusedFrom?.map((m) => m.caseId)).toContain(ownerCase);
  });

  it("the photo converted or re-compressed by a mail client is the same photo; another card of the same type is not", async () => {
    const owner = await makeAccount();
    const { front, back } = await idPhotos("recompressed");
    await processInboundEmail((await receive({ from: owner.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] })).inboundEmailId);

    const copier = await makeAccount();
    const png = await sharp(front).png().toBuffer();
    const r1 = await processInboundEmail((await receive({ from: copier.email, attachments: [{ fileName: "id.png", contentType: "image/png", bytes: png }] })).inboundEmailId);
    expect(r1.riskFlags).toEqual(["REUSED_PHOTO"]);
    const copier2 = await makeAccount();
    const q80 = await sharp(back).jpeg({ quality: 80 }).toBuffer();
    const r2 = await processInboundEmail((await receive({ from: copier2.email, attachments: [jpeg("id.jpg", q80)] })).inboundEmailId);
    expect(r2.riskFlags).toEqual(["REUSED_PHOTO"]);

    // Same template, same layout, different person: vetting's 64-bit dHash can barely tell them apart.
    const honest = await makeAccount();
    const own = await idPhotos("recompressed-other-person");
    const r3 = await processInboundEmail((await receive({ from: honest.email, attachments: [jpeg("front.jpg", own.front), jpeg("back.jpg", own.back)] })).inboundEmailId);
    expect(r3.riskFlags).toEqual([]);
  });

  it("DMARC failure and a display name posing as us are risk flags, merged into the case without duplicates", async () => {
    const acct = await makeAccount();
    const { front, back } = await idPhotos("dmarc");
    const clean = await receive({ from: acct.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
    const caseId = (await processInboundEmail(clean.inboundEmailId)).caseId!;
    expect((await caseOf(caseId)).priority).toBe("NORMAL");

    const forged = { from: acct.email, fromName: config.MAIL_FROM_ADDRESS, auth: { spf: "fail", dkim: "none", dmarc: "fail" } };
    const a = await receive(forged);
    expect(await processInboundEmail(a.inboundEmailId)).toMatchObject({ outcome: "case_joined", riskFlags: ["SENDER_AUTH_FAILED", "DISPLAY_NAME_SPOOF"] });
    const b = await receive(forged);
    await processInboundEmail(b.inboundEmailId);

    const c = await caseOf(caseId);
    expect(c).toMatchObject({ riskFlags: ["SENDER_AUTH_FAILED", "DISPLAY_NAME_SPOOF"], priority: "HIGH" });
    expect(await db.inboundEmail.findUniqueOrThrow({ where: { id: a.inboundEmailId } })).toMatchObject({ spf: "FAIL", dkim: "NONE", dmarc: "FAIL", displayNameSpoof: true });
  });

  it("SPF failure alone is not a flag when a DKIM signature passes", async () => {
    const acct = await makeAccount();
    const { front } = await idPhotos("spf-only");
    const { inboundEmailId } = await receive({ from: acct.email, auth: { spf: "fail", dkim: "pass", dmarc: "pass" }, attachments: [jpeg("front.jpg", front)] });
    expect((await processInboundEmail(inboundEmailId)).riskFlags).toEqual([]);
  });
});

describe("intake: failures", () => {
  it("malformed MIME is marked FAILED at once with a reason, and audited", async () => {
    const acct = await makeAccount();
    const inboundEmailId = await storeInbound(malformedMime(acct.email));
    const r = await processInboundEmail(inboundEmailId);
    expect(r).toMatchObject({ outcome: "failed", status: "FAILED" });
    const row = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
    expect(row.status).toBe("FAILED");
    expect(row.parseError).toMatch(/could not be parsed/);
    expect(row.parseError).not.toContain(acct.email);
    const [failed] = await audits("email.failed", inboundEmailId);
    expect(failed).toMatchObject({ outcome: "FAILURE", data: { inboundEmailId, attempts: 1, error: row.parseError } });
    // A stale or duplicate job does not fail it twice.
    expect(await processInboundEmail(inboundEmailId)).toMatchObject({ outcome: "skipped", status: "FAILED" });
    expect(await audits("email.failed", inboundEmailId)).toHaveLength(1);
  });

  it("an error on the job's last attempt puts the email on the dead-letter list", async () => {
    const acct = await makeAccount();
    const { inboundEmailId } = await receive({ from: acct.email });
    const row = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
    await deleteObject("inbound", row.rawKey); // every attempt now fails to read it

    const worker = startQueueWorker("intake", { concurrency: 1 });
    try {
      await queues.get("intake").add(processInboundJob.name, { inboundEmailId }, { jobId: `it-last-attempt-${inboundEmailId}`, attempts: 1 });
      const failed = await eventually(async () => {
        const r = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
        return r.status === "FAILED" && r;
      });
      expect(failed.parseError).toBe("Processing failed after 1 attempt (NOT_FOUND: Stored object not found)");
      expect(await audits("email.failed", inboundEmailId)).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });
});

describe("workers/intake", () => {
  it("processes a relayed intake job, beats its heartbeat and stops cleanly on SIGTERM", async () => {
    // Earlier tests left email.send rows; this test is about intake only.
    await db.outboxMessage.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "workers/intake.ts"], { env: process.env, stdio: ["ignore", "ignore", "inherit"] }); // eslint-disable-line no-restricted-properties
    try {
      await eventually(async () => (await aliveWorkers(redis)).intake);
      const acct = await makeAccount();
      const { front, back } = await idPhotos("worker");
      const { inboundEmailId } = await receive({ from: acct.email, attachments: [jpeg("front.jpg", front), jpeg("back.jpg", back)] });
      expect(await relayOutboxBatch(db, queues.get, 50)).toBe(1);
      const done = await eventually(async () => {
        const r = await db.inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
        return r.status === "PROCESSED" && r;
      }, 30_000);
      expect(done.caseId).not.toBeNull();
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
