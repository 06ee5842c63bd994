import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sendEmailJob } from "@/lib/email/jobs";
import { EMAIL_STUCK_AFTER_MS, sweepStuckEmails } from "@/lib/email/sweep";
import { writeOutbox } from "@/lib/outbox/write";
import { queueFactory } from "@/lib/queue/queues";

// A customer email whose send job is gone (Redis lost it, or killed workers abandoned it until it
// failed) must still go out; one whose job only waits for its next retry must not be doubled.

const queues = queueFactory();
afterAll(async () => {
  await queues.close();
  await db.$disconnect();
});

const old = () => new Date(Date.now() - EMAIL_STUCK_AFTER_MS - 60_000);

/** A QUEUED (or other status) email and its published email.send outbox row, both `createdAt`. */
async function queuedEmail(opts: { createdAt: Date; status?: "QUEUED" | "SENT" | "FAILED" }): Promise<{ id: string; dedupeKey: string }> {
  const row = await db.outboundEmail.create({
    data: { toAddress: `c-${randomUUID().slice(0, 8)}@example.test`, template: "ACKNOWLEDGEMENT", messageId: `${randomUUID()}@gatehouse.test`, status: opts.status ?? "QUEUED", createdAt: opts.createdAt },
    select: { id: true },
  });
  // As lib/email/queue-outbound.ts writes it; the relay published it when it was queued.
  await db.$transaction((tx) => writeOutbox(tx, sendEmailJob, { outboundEmailId: row.id }, { dedupeKey: `email.send:${row.id}` }));
  const outbox = await db.outboxMessage.findFirstOrThrow({ where: { jobName: "email.send", payload: { path: ["outboundEmailId"], equals: row.id } } });
  await db.outboxMessage.update({ where: { id: outbox.id }, data: { createdAt: opts.createdAt, availableAt: opts.createdAt, publishedAt: opts.createdAt } });
  // The relay's BullMQ job id is the stored dedupeKey.
  return { id: row.id, dedupeKey: outbox.dedupeKey };
}

const sends = (id: string) => db.outboxMessage.count({ where: { jobName: "email.send", payload: { path: ["outboundEmailId"], equals: id } } });

describe("email sweep", () => {
  it("queues a new send for a stuck email whose job is gone, once; leaves alive jobs, fresh and finished emails alone", async () => {
    const lost = await queuedEmail({ createdAt: old() });
    const retrying = await queuedEmail({ createdAt: old() });
    // Its job waits in BullMQ for the next retry (SMTP was down): the sweep must not add another.
    await queues.get("delivery").add("email.send", { outboundEmailId: retrying.id }, { jobId: retrying.dedupeKey, delay: 3_600_000 });
    const fresh = await queuedEmail({ createdAt: new Date() });
    const sent = await queuedEmail({ createdAt: old(), status: "SENT" });

    const first = await sweepStuckEmails();
    expect(first.requeued).toEqual([lost.id]);
    expect(await sends(lost.id)).toBe(2);
    for (const e of [retrying, fresh, sent]) expect(await sends(e.id)).toBe(1);
    const again = await db.outboxMessage.findFirstOrThrow({ where: { jobName: "email.send", payload: { path: ["outboundEmailId"], equals: lost.id }, publishedAt: null } });
    expect(again.dedupeKey).not.toBe(lost.dedupeKey);

    // The new send is pending: the next sweep leaves it.
    expect((await sweepStuckEmails()).requeued).toEqual([]);
    expect(await sends(lost.id)).toBe(2);
    await queues.get("delivery").remove(retrying.dedupeKey);
  });
});
