// Customer email end to end against the real database and Redis, with the SMTP sink on a random port.
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { db } from "@/lib/db";
import { queueOutbound, type InReplyTo, type QueueOutboundInput } from "@/lib/email/queue-outbound";
import { sendOutboundEmail } from "@/lib/email/send";
import { closeMailTransport, setMailTransport } from "@/lib/email/transport";
import type { OutboundTemplate } from "@/lib/generated/prisma/enums";
import { relayOutboxBatch } from "@/lib/outbox/relay";
import { bullPrefix, createRedis } from "@/lib/queue/connection";
import { queueFactory } from "@/lib/queue/queues";
import { startQueueWorker } from "@/lib/queue/worker";
import { startSmtpSink, type SinkMessage, type SmtpSink } from "../../scripts/lib/smtp-sink";

const intake: Actor = { type: "SYSTEM", id: "intake" };
let sink: SmtpSink;
let deadSmtpUrl: string;

beforeAll(async () => {
  sink = await startSmtpSink({ port: 0 });
  setMailTransport(sink.url);
  // A port nothing listens on: connections are refused, as when the relay is down.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  deadSmtpUrl = `smtp://127.0.0.1:${port}?connectionTimeout=2000`;
});

afterAll(async () => {
  closeMailTransport();
  await sink.close();
  await db.$disconnect();
});

beforeEach(() => {
  sink.clear();
  setMailTransport(sink.url);
});

// --- data -------------------------------------------------------------------------------------

async function makeAccount(opts: { locale?: string | null; realName?: string | null } = {}) {
  const email = `cust-${randomUUID().slice(0, 8)}@customer.test`;
  const account = await db.account.create({
    data: { uid: `u-${randomUUID()}`, email, emailNormalized: email, locale: opts.locale ?? null, realName: opts.realName ?? null },
  });
  const kase = await db.reviewCase.create({ data: { accountId: account.id, slaDueAt: new Date(Date.now() + 8 * 3600_000) } });
  return { account, kase, email };
}

async function makeInbound(fromAddress: string, headers: Record<string, string> = {}): Promise<InReplyTo> {
  const messageId = `${randomUUID()}@mail.customer.test`;
  const row = await db.inboundEmail.create({
    data: {
      provider: "MIME",
      providerMessageId: messageId,
      messageId,
      references: ["first@mail.customer.test"],
      fromAddress,
      subject: "my ID",
      rawKey: `quarantine/${randomUUID()}`,
      rawSha256: "0".repeat(64),
      rawSize: 100,
    },
  });
  return { id: row.id, messageId: `<${messageId}>`, references: ["<first@mail.customer.test>"], headers: { "Message-ID": `<${messageId}>`, ...headers } };
}

function queue<T extends OutboundTemplate>(input: QueueOutboundInput<T>) {
  return db.$transaction((tx) => queueOutbound(tx, input));
}

async function queueAck(opts: { toAddress: string | null; caseId?: string; accountId?: string; inReplyTo?: InReplyTo; customerName?: string | null; locale?: string }) {
  return queue({
    template: "ACKNOWLEDGEMENT",
    toAddress: opts.toAddress,
    caseId: opts.caseId,
    accountId: opts.accountId,
    inReplyTo: opts.inReplyTo,
    locale: opts.locale,
    variables: { customerName: opts.customerName ?? null, deviceName: "Pixel 8", slaHours: 8 },
    actor: intake,
  });
}

function idOf(res: { id: string } | { suppressed: string }): string {
  if (!("id" in res)) throw new Error(`suppressed: ${res.suppressed}`);
  return res.id;
}

const once = { attemptsMade: 0, maxAttempts: 8 };
const header = (m: SinkMessage, name: string) => m.parsed.headers.get(name);
/** The header block exactly as received, unfolded. */
const rawHeaders = (m: SinkMessage) => m.raw.toString("utf8").split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");

// --- tests ------------------------------------------------------------------------------------

describe("queueOutbound + email.send", () => {
  it("queues in the caller's transaction and sends a threaded, case-addressed automatic reply", async () => {
    const { account, kase, email } = await makeAccount({ realName: "Ana Gómez" });
    const inbound = await makeInbound(email);
    const ref = formatCaseRef(kase.number);
    const id = idOf(await queueAck({ toAddress: email.toUpperCase(), caseId: kase.id, inReplyTo: inbound, customerName: "Ana Gómez" }));

    const row = await db.outboundEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "QUEUED", accountId: account.id, caseId: kase.id, inReplyToId: inbound.id, toAddress: email, attempts: 0 });
    expect(row.messageId).toMatch(/^[0-9a-f-]{36}@gatehouse\.test$/);
    expect(row.variables).toMatchObject({ locale: "en", caseRef: ref, customerName: "Ana Gómez", slaHours: 8 });
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { jobName: "email.send" } });
    expect(outbox.payload).toEqual({ outboundEmailId: id });
    expect(outbox.dedupeKey).toBe(`email.send__email.send_${id}`);
    const queued = await db.auditEntry.findFirstOrThrow({ where: { action: "outbound.queued", targetId: id } });
    expect(queued).toMatchObject({ actorType: "SYSTEM", actorId: "intake", caseId: kase.id, accountId: account.id });
    expect(JSON.stringify(queued.data)).not.toContain(email);

    expect(await sendOutboundEmail(id, once)).toEqual({ status: "sent", outboundEmailId: id });
    const msg = await sink.waitFor((m) => header(m, "message-id") === `<${row.messageId}>`);
    expect(msg.envelope.to).toEqual([email]);
    expect(msg.envelope.from).toBe("support@gatehouse.test");
    expect(rawHeaders(msg)).toMatch(/^From: Gatehouse Support <support@gatehouse\.test>$/m);
    expect(msg.parsed.replyTo?.text).toBe(`support+${ref}@gatehouse.test`);
    expect(msg.parsed.subject).toBe(`We received your ID photos [${ref}]`);
    expect(header(msg, "auto-submitted")).toBe("auto-replied");
    expect(header(msg, "x-auto-response-suppress")).toBe("OOF, AutoReply");
    expect(header(msg, "in-reply-to")).toBe(inbound.messageId);
    expect(msg.parsed.references).toEqual(["<first@mail.customer.test>", inbound.messageId]);
    expect(msg.parsed.text).toContain("Hello Ana Gómez,");
    expect(msg.parsed.text).toContain(`opened review case ${ref} for the login on your Pixel 8`);
    expect(msg.parsed.html).toContain("<p");

    const sent = await db.outboundEmail.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "SENT", attempts: 1, lastError: null });
    expect(sent.sentAt).not.toBeNull();
    expect(await db.auditEntry.count({ where: { action: "outbound.sent", targetId: id } })).toBe(1);
  });

  it("writes Spanish for an account whose locale is es-MX", async () => {
    const { account, kase, email } = await makeAccount({ locale: "es-MX" });
    const id = idOf(await queueAck({ toAddress: email, caseId: kase.id, accountId: account.id }));
    await sendOutboundEmail(id, once);
    const msg = await sink.waitFor((m) => m.envelope.to.includes(email));
    expect(msg.parsed.subject).toMatch(/^Hemos recibido las fotos de su documento de identidad \[GH-\d{6}\]$/);
    expect(msg.parsed.text).toMatch(/^Hola:\n\nGracias por su correo\./);
    expect(msg.parsed.html).toContain('<html lang="es">');
  });

  it("marks staff-initiated email auto-generated and sends it even in answer to an auto-reply", async () => {
    const { kase, email } = await makeAccount();
    const ooo = await makeInbound(email, { "Auto-Submitted": "auto-replied" });
    const staff: Actor = { type: "STAFF", id: randomUUID(), role: "AGENT" };
    const id = idOf(
      await queue({ template: "DECISION_APPROVED", toAddress: email, caseId: kase.id, inReplyTo: ooo, variables: { deviceName: "iPad" }, actor: staff }),
    );
    expect(await db.auditEntry.findFirstOrThrow({ where: { action: "outbound.queued", targetId: id } })).toMatchObject({ actorType: "STAFF", actorId: staff.id });
    await sendOutboundEmail(id, once);
    const msg = await sink.waitFor((m) => m.envelope.to.includes(email));
    expect(header(msg, "auto-submitted")).toBe("auto-generated");
    expect(msg.parsed.subject).toMatch(/^Your new device is authorised \[GH-\d{6}\]$/);
  });

  it("sends once when the job runs twice", async () => {
    const { kase, email } = await makeAccount();
    const id = idOf(await queueAck({ toAddress: email, caseId: kase.id }));
    expect((await sendOutboundEmail(id, once)).status).toBe("sent");
    expect(await sendOutboundEmail(id, once)).toEqual({ status: "skipped", outboundEmailId: id, reason: "already_sent" });
    await sink.waitFor((m) => m.envelope.to.includes(email));
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.messages.filter((m) => m.envelope.to.includes(email))).toHaveLength(1);
    expect(await db.auditEntry.count({ where: { action: "outbound.sent", targetId: id } })).toBe(1);
    expect((await db.outboundEmail.findUniqueOrThrow({ where: { id } })).attempts).toBe(1);
  });

  it("goes outbox → relay → BullMQ → the delivery worker → SMTP", async () => {
    await db.outboxMessage.updateMany({ data: { publishedAt: new Date() } }); // rows of earlier tests
    const { kase, email } = await makeAccount();
    const id = idOf(await queueAck({ toAddress: email, caseId: kase.id }));
    const redis = createRedis("worker");
    const queues = queueFactory(redis);
    const events = new QueueEvents("delivery", { connection: createRedis("worker"), prefix: bullPrefix });
    await events.waitUntilReady();
    const worker = startQueueWorker("delivery", { concurrency: 1 });
    try {
      expect(await relayOutboxBatch(db, queues.get, 50)).toBe(1);
      const job = await queues.get("delivery").getJob(`email.send__email.send_${id}`);
      expect(job!.opts).toMatchObject({ attempts: 12, backoff: { type: "exponential", delay: 5_000 } });
      expect(await job!.waitUntilFinished(events, 15_000)).toEqual({ status: "sent", outboundEmailId: id });
      await sink.waitFor((m) => m.envelope.to.includes(email));
      expect((await db.outboundEmail.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");
    } finally {
      await worker.close();
      await events.close();
      await queues.close();
      redis.disconnect();
    }
  });
});

describe("suppression", () => {
  async function suppressedAudits(reason: string) {
    const rows = await db.auditEntry.findMany({ where: { action: "outbound.suppressed" } });
    return rows.filter((r) => (r.data as { reason: string }).reason === reason);
  }

  it.each([
    ["auto_submitted", { "Auto-Submitted": "auto-replied" }],
    ["auto_submitted", { "auto-submitted": "auto-generated" }],
    ["bulk_or_list", { "List-Id": "<customers.lists.example>" }],
    ["bulk_or_list", { "List-Unsubscribe": "<https://example.com/u>" }],
    ["bulk_or_list", { Precedence: "bulk" }],
  ])("does not auto-reply to mail marked %s (%j)", async (reason, headers) => {
    const { kase, email } = await makeAccount();
    const before = (await suppressedAudits(reason)).length;
    const res = await queueAck({ toAddress: email, caseId: kase.id, inReplyTo: await makeInbound(email, headers) });
    expect(res).toEqual({ suppressed: reason });
    expect(await db.outboundEmail.count({ where: { toAddress: email } })).toBe(0);
    const audits = await suppressedAudits(reason);
    expect(audits).toHaveLength(before + 1);
    expect(audits.at(-1)).toMatchObject({ caseId: kase.id, actorId: "intake", data: { template: "ACKNOWLEDGEMENT", caseId: kase.id, reason } });
  });

  it("never writes to our own address or domain, nor to a missing or malformed address", async () => {
    const { kase } = await makeAccount();
    const outboxBefore = await db.outboxMessage.count();
    for (const to of ["support@gatehouse.test", "Support+GH-000001@GATEHOUSE.test", "noreply@mx.gatehouse.test"]) {
      expect(await queueAck({ toAddress: to, caseId: kase.id })).toEqual({ suppressed: "own_address" });
    }
    for (const to of [null, "", "   ", "not an address", "a@b.test\r\nBcc: victim@evil.test", "Eve <eve@evil.test>"]) {
      expect(await queueAck({ toAddress: to, caseId: kase.id })).toEqual({ suppressed: "no_address" });
    }
    expect(await db.outboxMessage.count()).toBe(outboxBefore);
    expect(await suppressedAudits("own_address")).toHaveLength(3);
    expect(await suppressedAudits("no_address")).toHaveLength(6);
  });

  it("allows AUTO_REPLY_MAX_PER_DAY (5) automatic replies per address per 24 h, then suppresses; staff email is not limited", async () => {
    const to = `busy-${randomUUID().slice(0, 8)}@customer.test`;
    const wrongSender = (address: string) =>
      queue({ template: "WRONG_SENDER", toAddress: address, inReplyTo: undefined, variables: { customerName: null }, actor: intake });
    for (let i = 0; i < 5; i++) idOf(await wrongSender(to));
    expect(await wrongSender(to.toUpperCase())).toEqual({ suppressed: "daily_limit" });
    expect(await suppressedAudits("daily_limit")).toHaveLength(1);

    const { kase } = await makeAccount();
    const staff: Actor = { type: "STAFF", id: randomUUID(), role: "AGENT" };
    idOf(await queue({ template: "RESUBMISSION_REQUEST", toAddress: to, caseId: kase.id, variables: { reasonCodes: ["BLURRY"] }, actor: staff }));

    // A day later the window has moved on.
    await db.outboundEmail.updateMany({ where: { toAddress: to }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    idOf(await wrongSender(to));
  });

  it("holds the limit under concurrent intake jobs", async () => {
    const to = `burst-${randomUUID().slice(0, 8)}@customer.test`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => queue({ template: "WRONG_SENDER", toAddress: to, variables: { customerName: null }, actor: intake })),
    );
    expect(results.filter((r) => "id" in r)).toHaveLength(5);
    expect(results.filter((r) => "suppressed" in r)).toHaveLength(3);
  });
});

describe("failures", () => {
  it("counts a failed attempt and rethrows; the last attempt marks FAILED; a later retry still sends", async () => {
    const { kase, email } = await makeAccount();
    const id = idOf(await queueAck({ toAddress: email, caseId: kase.id }));
    setMailTransport(deadSmtpUrl);

    await expect(sendOutboundEmail(id, { attemptsMade: 0, maxAttempts: 3 })).rejects.toThrow();
    let row = await db.outboundEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(await db.auditEntry.count({ where: { action: "outbound.failed", targetId: id } })).toBe(0);

    await expect(sendOutboundEmail(id, { attemptsMade: 2, maxAttempts: 3 })).rejects.toThrow();
    row = await db.outboundEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 2 });
    const failed = await db.auditEntry.findFirstOrThrow({ where: { action: "outbound.failed", targetId: id } });
    expect(failed.data).toMatchObject({ outboundEmailId: id, attempts: 2 });
    expect((failed.data as { error: string }).error).toMatch(/^E[A-Z]+/);

    // An admin retries the dead job once the relay is back.
    setMailTransport(sink.url);
    expect((await sendOutboundEmail(id, { attemptsMade: 0, maxAttempts: 8 })).status).toBe("sent");
    expect(await db.outboundEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", attempts: 3, lastError: null });
  });

  it("through BullMQ: retries with backoff, then FAILED after the job's last attempt", async () => {
    const { kase, email } = await makeAccount();
    const id = idOf(await queueAck({ toAddress: email, caseId: kase.id }));
    setMailTransport(deadSmtpUrl);
    const redis = createRedis("worker");
    const queues = queueFactory(redis);
    const events = new QueueEvents("delivery", { connection: createRedis("worker"), prefix: bullPrefix });
    await events.waitUntilReady();
    const worker = startQueueWorker("delivery", { concurrency: 1 });
    try {
      const job = await queues.get("delivery").add("email.send", { outboundEmailId: id }, { jobId: `retry-${id}`, attempts: 2, backoff: { type: "fixed", delay: 50 } });
      await expect(job.waitUntilFinished(events, 15_000)).rejects.toThrow();
      expect(await db.outboundEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "FAILED", attempts: 2 });
      expect(await db.auditEntry.count({ where: { action: "outbound.failed", targetId: id } })).toBe(1);
    } finally {
      await worker.close();
      await events.close();
      await queues.close();
      redis.disconnect();
    }
  });
});

describe("hostile variables", () => {
  it("CR/LF in a name cannot add headers or recipients, stored or not", async () => {
    const { kase, email } = await makeAccount();
    const evil = "Eve\r\nBcc: victim@evil.test\r\nX-Injected: yes";
    const id = idOf(await queueAck({ toAddress: email, caseId: kase.id, customerName: evil }));
    expect((await db.outboundEmail.findUniqueOrThrow({ where: { id } })).variables).toMatchObject({ customerName: "Eve Bcc: victim@evil.test X-Injected: yes" });
    // A row written some other way still renders safely: the subject comes from an admin row using the name.
    await db.outboundEmail.update({ where: { id }, data: { variables: { locale: "en", caseRef: null, customerName: evil, slaHours: 8 } } });
    await db.emailTemplate.create({ data: { template: "ACKNOWLEDGEMENT", subject: "Hi {{customerName}}", body: "{{greeting}}\n\nWe got it." } });
    try {
      await sendOutboundEmail(id, once);
    } finally {
      await db.emailTemplate.delete({ where: { template: "ACKNOWLEDGEMENT" } });
    }
    const msg = await sink.waitFor((m) => m.envelope.to.includes(email));
    expect(msg.envelope.to).toEqual([email]);
    const headers = rawHeaders(msg);
    expect(headers).not.toMatch(/^(Bcc|X-Injected):/im);
    expect(msg.parsed.headers.has("x-injected")).toBe(false);
    expect(msg.parsed.headers.has("bcc")).toBe(false);
    expect(msg.parsed.subject).toMatch(/^Hi Eve Bcc: victim@evil\.test X-Injected: yes \[GH-\d{6}\]$/);
    expect(msg.parsed.text).toMatch(/^Hello Eve Bcc: victim@evil\.test X-Injected: yes,\n\nWe got it\.\n/);
  });

  it("escapes markup in the HTML part", async () => {
    const { kase, email } = await makeAccount();
    const id = idOf(await queueAck({ toAddress: email, caseId: kase.id, customerName: `<img src=x onerror="alert(1)"> & co` }));
    await sendOutboundEmail(id, once);
    const msg = await sink.waitFor((m) => m.envelope.to.includes(email));
    const html = String(msg.parsed.html);
    expect(html).not.toContain("<img");
    expect(html).toContain("Hello &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co,");
  });

  it("uses an admin-edited English template when there is one, and the built-in Spanish one regardless", async () => {
    await db.emailTemplate.create({ data: { template: "DECISION_APPROVED", subject: "Approved [{{caseRef}}]", body: "{{greeting}}\n\nAll set for case {{caseRef}}." } });
    try {
      const en = await makeAccount({ locale: "en-GB" });
      const es = await makeAccount({ locale: "es" });
      const staff: Actor = { type: "STAFF", id: randomUUID(), role: "AGENT" };
      for (const a of [en, es]) {
        await sendOutboundEmail(idOf(await queue({ template: "DECISION_APPROVED", toAddress: a.email, caseId: a.kase.id, variables: {}, actor: staff })), once);
      }
      const enMsg = await sink.waitFor((m) => m.envelope.to.includes(en.email));
      expect(enMsg.parsed.subject).toMatch(/^Approved \[GH-\d{6}\]$/);
      expect(enMsg.parsed.text).toMatch(/^Hello,\n\nAll set for case GH-\d{6}\.\n$/);
      const esMsg = await sink.waitFor((m) => m.envelope.to.includes(es.email));
      expect(esMsg.parsed.subject).toMatch(/^Su nuevo dispositivo está autorizado \[GH-\d{6}\]$/);
    } finally {
      await db.emailTemplate.delete({ where: { template: "DECISION_APPROVED" } });
    }
  });

  it("refuses variables a template does not take (no document data in the row)", async () => {
    const { kase, email } = await makeAccount();
    await expect(
      queue({
        template: "DECISION_APPROVED",
        toAddress: email,
        caseId: kase.id,
        // @ts-expect-error -- the types refuse it too
        variables: { deviceName: "Pixel", frontImage: "data:image/jpeg;base64,…" },
        actor: intake,
      }),
    ).rejects.toThrow(/invalid variables/);
  });
});
