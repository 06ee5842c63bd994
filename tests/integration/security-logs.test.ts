// No personal data in logs: the real logger (lib/log.ts, its redaction included) at level trace,
// its output captured, while an email from a customer goes through the edge and the intake
// worker, an agent decides the case with a note naming the customer, and intake jobs fail on the
// customer's own messages. None of the customer's email address, real name, phone number, ID
// document number or attachment file names may appear in any line.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as mimeRoute } from "@/app/api/inbound/mime/route";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { decideCase } from "@/lib/cases/decide";
import { db } from "@/lib/db";
import { processInboundJob } from "@/lib/intake/jobs";
import { processInboundEmail } from "@/lib/intake/process";
import { logger } from "@/lib/log";
import { createRedis, sharedRedis } from "@/lib/queue/connection";
import { queueFactory } from "@/lib/queue/queues";
import { startQueueWorker } from "@/lib/queue/worker";
import { deleteObject } from "@/lib/storage";
import { staffActor } from "../support/devices-world";
import { mime, toRequest } from "../support/inbound";
import { eventually, idPhotos, jpeg, makeAccount, malformedMime, rawEmail, receive, seedSlaPolicies, setCaseStatus, storeInbound } from "../support/intake-world";

const tag = randomUUID().slice(0, 6);
const person = {
  email: `zelda.quartermaine.${tag}@mail.example.com`,
  realName: `Zelda Quartermaine${tag}`,
  phone: "+44 7700 900 461",
  documentNumber: `X${tag.toUpperCase()}4471`,
  files: [`zelda-passport-front-${tag}.jpg`, `zelda-passport-back-${tag}.jpg`],
};
/** Every spelling of the personal data that could leak. */
const needles = [person.email, person.email.split("@")[0], person.realName, person.phone, person.phone.replaceAll(" ", ""), person.documentNumber, ...person.files];

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});
// The logger's own destination swapped for the sink (pino reads it through this symbol on every
// write), so what is checked is exactly what production would print: same redaction, same fields.
const original = { stream: Reflect.get(logger, pino.symbols.streamSym) as unknown, level: logger.level };
const redis = createRedis("worker");
const queues = queueFactory(redis);

beforeAll(async () => {
  Reflect.set(logger, pino.symbols.streamSym, sink);
  logger.level = "trace";
  await seedSlaPolicies();
});
afterAll(async () => {
  Reflect.set(logger, pino.symbols.streamSym, original.stream);
  logger.level = original.level;
  await queues.close();
  redis.disconnect();
  await sharedRedis().quit();
  await db.$disconnect();
});

const personal = () => lines.filter((l) => needles.some((n) => l.toLowerCase().includes(n.toLowerCase())));

describe("no personal data in logs", () => {
  it("intake at the edge and in the worker, a decision, refused deliveries and failed jobs log ids only", async () => {
    const account = await makeAccount({ email: person.email, realName: person.realName });
    await db.account.update({ where: { id: account.id }, data: { phone: person.phone } });
    const { front, back } = await idPhotos(tag);
    const text = `Hello, I am ${person.realName} (${person.phone}); my passport number is ${person.documentNumber}.`;
    const subject = `Passport ${person.documentNumber} for ${person.realName}`;

    // The edge: one accepted delivery, one with a forged signature.
    const edge = rawEmail({ from: person.email, fromName: person.realName, subject, text, attachments: [jpeg(person.files[0], front), jpeg(person.files[1], back)] });
    const accepted = await mimeRoute(toRequest(mime({ body: edge.raw }), { headers: { "x-forwarded-for": "198.51.100.61" } }), { params: Promise.resolve({}) });
    expect(accepted.status).toBe(200);
    const forged = await mimeRoute(toRequest(mime({ body: edge.raw, secret: "not-the-inbound-mime-secret" }), { headers: { "x-forwarded-for": "198.51.100.62" } }), { params: Promise.resolve({}) });
    expect(forged.status).toBe(401);

    // The worker: the accepted email becomes a case with two documents.
    const { id: inboundEmailId } = (await accepted.json()) as { id: string };
    const processed = await processInboundEmail(inboundEmailId);
    expect(processed.caseId).toBeTruthy();

    // A decision whose note names the customer.
    const agent = await staffActor("AGENT");
    await setCaseStatus(processed.caseId!, "IN_REVIEW", agent.id);
    const { number, version } = await db.reviewCase.findUniqueOrThrow({ where: { id: processed.caseId! }, select: { number: true, version: true } });
    await decideCase(agent, { ref: formatCaseRef(number), decision: "APPROVE", note: `${person.realName}'s passport ${person.documentNumber} matches`, version }, { request: { requestId: `req-${tag}`, ip: "198.51.100.63" } });

    // Failed jobs: a message from the customer that cannot be parsed, and one whose stored bytes are gone.
    const broken = await storeInbound(malformedMime(person.email), { outbox: false });
    const lost = await receive({ from: person.email, fromName: person.realName, subject, text, attachments: [jpeg(person.files[0], front)] });
    const row = await db.inboundEmail.findUniqueOrThrow({ where: { id: lost.inboundEmailId } });
    await deleteObject("inbound", row.rawKey);
    const worker = startQueueWorker("intake", { concurrency: 2 });
    try {
      for (const id of [broken, lost.inboundEmailId]) await queues.get("intake").add(processInboundJob.name, { inboundEmailId: id }, { jobId: `it-logs-${id}`, attempts: 1 });
      await eventually(async () => (await db.inboundEmail.count({ where: { id: { in: [broken, lost.inboundEmailId] }, status: "FAILED" } })) === 2);
      await eventually(async () => lines.some((l) => l.includes('"msg":"job failed"')));
    } finally {
      await worker.close();
    }

    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    for (const expected of ["inbound email received", "inbound webhook refused", "inbound email processed", "inbound email cannot be parsed; marked failed", "job failed"]) expect(messages).toContain(expected);
    expect(personal()).toEqual([]);
    // The check itself works: a line that does carry the email is caught.
    logger.info({ note: person.email }, "control");
    expect(personal()).toHaveLength(1);
  }, 60_000);
});
