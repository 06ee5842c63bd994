// A small world for the intake worker's tests: accounts with a bound email, devices and login
// history, ID photos drawn at test time, and inbound emails stored the way the edge stores them
// (raw bytes in S3 first, then the InboundEmail row and its outbox row in one transaction).
import { createHash, randomUUID } from "node:crypto";
import { buildRawMessage, type RawAttachment } from "@/prisma/seed/mime";
import { renderSpecimen, type SpecimenCard } from "@/prisma/seed/specimen-id";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import type { CaseStatus, EmailProvider, LoginFailureReason } from "@/lib/generated/prisma/enums";
import { processInboundJob } from "@/lib/intake/jobs";
import { writeOutbox } from "@/lib/outbox/write";
import { putBytes } from "@/lib/storage";

export interface WorldAccount {
  id: string;
  email: string;
  /** The PENDING device (a new phone that failed the face check), when made with one. */
  pendingDeviceId: string | null;
  /** An AUTHORIZED older device. */
  oldDeviceId: string;
}

const hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** An account bound to `email`, an authorised old phone, a new phone and its failed face checks. */
export async function makeAccount(
  opts: { email?: string; locale?: string; realName?: string; pendingDevice?: boolean; faceFailure?: LoginFailureReason | null } = {},
): Promise<WorldAccount> {
  const email = opts.email ?? `customer-${randomUUID().slice(0, 8)}@mail.example.com`;
  const now = Date.now();
  const account = await db.account.create({
    data: {
      uid: `U${randomUUID().replaceAll("-", "").slice(0, 12)}`,
      email,
      emailNormalized: email.trim().toLowerCase(),
      realName: opts.realName ?? "Alex Example",
      locale: opts.locale ?? "en",
      kycStatus: "VERIFIED",
    },
    select: { id: true },
  });
  const old = await db.device.create({
    data: { accountId: account.id, externalId: `dev-old-${randomUUID()}`, platform: "IOS", model: "iPhone 12", status: "AUTHORIZED", firstSeenAt: new Date(now - 400 * 86_400_000), lastSeenAt: new Date(now - 5 * 86_400_000), lastLoginAt: new Date(now - 5 * 86_400_000) },
    select: { id: true },
  });
  const fresh = await db.device.create({
    data: { accountId: account.id, externalId: `dev-new-${randomUUID()}`, platform: "ANDROID", model: "Pixel 9", status: opts.pendingDevice === false ? "AUTHORIZED" : "PENDING", firstSeenAt: new Date(now - 3_600_000), lastSeenAt: new Date(now - 600_000) },
    select: { id: true },
  });
  const reason = opts.faceFailure === undefined ? "LIVENESS_FAILED" : opts.faceFailure;
  await db.loginEvent.createMany({
    data: [
      { externalId: `evt-${randomUUID()}`, accountId: account.id, deviceId: old.id, occurredAt: new Date(now - 5 * 86_400_000), method: "FACE", outcome: "SUCCESS", ip: "192.0.2.10" },
      ...(reason ? [{ externalId: `evt-${randomUUID()}`, accountId: account.id, deviceId: fresh.id, occurredAt: new Date(now - 900_000), method: "FACE" as const, outcome: "FAILURE" as const, failureReason: reason, ip: "198.51.100.7" }] : []),
    ],
  });
  return { id: account.id, email, pendingDeviceId: opts.pendingDevice === false ? null : fresh.id, oldDeviceId: old.id };
}

/** Front and back of a fictional specimen card, different for every `seed` (≈1000×630 JPEGs). */
export async function idPhotos(seed: string): Promise<{ front: Buffer; back: Buffer }> {
  const h = hex(seed).toUpperCase();
  const card: SpecimenCard = {
    surname: `Example${h.slice(0, 5).replace(/[0-9]/g, (d) => "GHIJKLMNOP"[Number(d)])}`,
    givenNames: "Alex",
    sex: "X",
    birthDate: "1990-04-12",
    issueDate: "2022-01-10",
    expiryDate: "2032-01-09",
    documentNumber: `L${h.slice(0, 8)}`,
    placeOfBirth: "Utopia City",
  };
  return renderSpecimen(card);
}

export const jpeg = (fileName: string, bytes: Buffer): RawAttachment => ({ fileName, contentType: "image/jpeg", bytes });

/** A ZIP archive with one stored file (the kind of attachment intake refuses). */
export function zipOf(name: string, content: Buffer): Buffer {
  const crc = crc32(content);
  const fileName = Buffer.from(name, "utf8");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, content, central, fileName, end]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export interface EmailSpec {
  from: string;
  fromName?: string;
  to?: string;
  subject?: string;
  text?: string;
  messageId?: string;
  inReplyTo?: string | null;
  references?: string[];
  auth?: { spf: string; dkim: string; dmarc: string };
  attachments?: RawAttachment[];
  /** Extra header lines, e.g. { "Auto-Submitted": "auto-replied" }. */
  headers?: Record<string, string>;
}

/** An RFC 5322 message as a customer's mail client and the receiving MX would hand it over. */
export function rawEmail(spec: EmailSpec): { raw: Buffer; messageId: string } {
  const messageId = spec.messageId ?? `${randomUUID()}@mail.example.com`;
  const raw = buildRawMessage({
    from: { address: spec.from, name: spec.fromName ?? "Alex Example" },
    to: spec.to ?? config.MAIL_FROM_ADDRESS,
    subject: spec.subject ?? "ID photos for my new phone",
    date: new Date(),
    messageId: `<${messageId}>`,
    inReplyTo: spec.inReplyTo ? `<${spec.inReplyTo}>` : null,
    references: spec.references?.map((r) => `<${r}>`),
    authResults: spec.auth ?? { spf: "pass", dkim: "pass", dmarc: "pass" },
    text: spec.text ?? "Hello, the face check fails on my new phone. My ID is attached.",
    attachments: spec.attachments ?? [],
  });
  if (!spec.headers) return { raw, messageId };
  const extra = Object.entries(spec.headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return { raw: Buffer.from(raw.toString("utf8").replace("MIME-Version: 1.0\r\n", `${extra}MIME-Version: 1.0\r\n`), "utf8"), messageId };
}

/**
 * Stores raw bytes and records the InboundEmail like the edge does: object first, then the row and
 * (unless `outbox: false`) its intake.process outbox row in one transaction. Returns the row id.
 */
export async function storeInbound(raw: Buffer, opts: { provider?: EmailProvider; contentType?: string; messageId?: string | null; outbox?: boolean } = {}): Promise<string> {
  const key = `quarantine/raw/${randomUUID()}.eml`;
  const stored = await putBytes("inbound", key, raw, opts.contentType ?? "message/rfc822");
  return db.$transaction(async (tx) => {
    const row = await tx.inboundEmail.create({
      data: {
        provider: opts.provider ?? "MIME",
        providerMessageId: `mime_${stored.sha256}_${randomUUID()}`,
        messageId: opts.messageId ?? null,
        rawKey: key,
        rawContentType: opts.contentType ?? "message/rfc822",
        rawSha256: stored.sha256,
        rawSize: stored.size,
      },
      select: { id: true },
    });
    if (opts.outbox !== false) await writeOutbox(tx, processInboundJob, { inboundEmailId: row.id }, { dedupeKey: `intake.process:${row.id}` });
    return row.id;
  });
}

/** rawEmail + storeInbound in one step. */
export async function receive(spec: EmailSpec): Promise<{ inboundEmailId: string; messageId: string }> {
  const { raw, messageId } = rawEmail(spec);
  return { inboundEmailId: await storeInbound(raw, { messageId }), messageId };
}

/** Moves a case to a status as a staff action would have (version bumped). */
export async function setCaseStatus(caseId: string, status: CaseStatus, assigneeId: string | null = null): Promise<void> {
  await db.reviewCase.update({ where: { id: caseId }, data: { status, assigneeId, decidedAt: status === "APPROVED" || status === "REJECTED" ? new Date() : null, version: { increment: 1 } } });
}

/** The SLA policy rows the seed writes. */
export async function seedSlaPolicies(): Promise<void> {
  await db.slaPolicy.createMany({
    data: [
      { priority: "URGENT", dueMinutes: 60 },
      { priority: "HIGH", dueMinutes: 240 },
      { priority: "NORMAL", dueMinutes: 480 },
      { priority: "LOW", dueMinutes: 1440 },
    ],
    skipDuplicates: true,
  });
}

/** A message mailparser gives up on: MIME nesting far past its limit. */
export function malformedMime(from: string): Buffer {
  const nested = Array.from({ length: 3000 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join("");
  return Buffer.from(`From: <${from}>\r\nTo: ${config.MAIL_FROM_ADDRESS}\r\nSubject: broken\r\nMIME-Version: 1.0\r\n${nested}`, "utf8");
}

// ---- reading the results -------------------------------------------------------------------

/** A case with its documents, timeline (oldest first) and outbound emails. */
export const caseOf = (id: string) =>
  db.reviewCase.findUniqueOrThrow({ where: { id }, include: { documents: true, events: { orderBy: { createdAt: "asc" } }, outbound: true } });

/** Audit entries of one action about one inbound email (as target, or named in the data). */
export const audits = (action: string, inboundEmailId: string) =>
  db.auditEntry.findMany({ where: { action, OR: [{ targetId: inboundEmailId }, { data: { path: ["inboundEmailId"], equals: inboundEmailId } }] } });

/** Everything an email can leave behind, to compare before and after a second run. */
export async function footprint() {
  const [cases, documents, outbound, events, auditEntries, outbox] = await Promise.all([
    db.reviewCase.count(),
    db.document.count(),
    db.outboundEmail.count(),
    db.caseEvent.count(),
    db.auditEntry.count(),
    db.outboxMessage.count(),
  ]);
  return { cases, documents, outbound, events, auditEntries, outbox };
}

export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
