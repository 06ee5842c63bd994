import { appendAudit } from "../../audit/append";
import { db } from "../../db";
import type { RequestContext } from "../../http/request-context";
import { writeOutbox } from "../../outbox/write";
import type { StoredObject } from "../../storage";
import type { EdgeEnvelope } from "../types";
import { processInboundJob } from "../jobs";

export interface Recorded {
  id: string;
  duplicate: boolean;
}

function sameDelivery(envelope: EdgeEnvelope) {
  return {
    OR: [
      { provider: envelope.provider, providerMessageId: envelope.providerMessageId },
      ...(envelope.messageId ? [{ messageId: envelope.messageId }] : []),
    ],
  };
}

/** The InboundEmail this delivery repeats (same provider id, or same Message-ID through any provider). */
export async function findExisting(envelope: EdgeEnvelope): Promise<string | null> {
  const row = await db.inboundEmail.findFirst({ where: sameDelivery(envelope), select: { id: true }, orderBy: { receivedAt: "asc" } });
  return row?.id ?? null;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: unknown }).code === "P2002";
}

/**
 * One transaction: the InboundEmail (status RECEIVED, pointing at the stored raw payload), the
 * outbox row that starts "intake.process", and the audit entry — or nothing, when the delivery
 * repeats one already recorded. A racing twin that commits first makes our insert fail on a unique
 * constraint; that is a duplicate too.
 */
export async function recordInbound(envelope: EdgeEnvelope, stored: StoredObject, request: RequestContext): Promise<Recorded> {
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.inboundEmail.findFirst({ where: sameDelivery(envelope), select: { id: true } });
      if (existing) return { id: existing.id, duplicate: true };
      const row = await tx.inboundEmail.create({
        data: {
          provider: envelope.provider,
          providerMessageId: envelope.providerMessageId,
          messageId: envelope.messageId,
          rawKey: stored.key,
          rawContentType: envelope.contentType,
          rawSha256: stored.sha256,
          rawSize: stored.size,
          status: "RECEIVED",
        },
        select: { id: true },
      });
      await writeOutbox(tx, processInboundJob, { inboundEmailId: row.id }, { dedupeKey: `intake.process:${row.id}` });
      await appendAudit(tx, {
        action: "email.received",
        actor: { type: "PROVIDER", id: envelope.provider.toLowerCase() },
        target: { type: "inbound_email", id: row.id },
        request,
        data: { inboundEmailId: row.id, provider: envelope.provider, rawSize: stored.size },
      });
      return { id: row.id, duplicate: false };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const id = await findExisting(envelope);
    if (!id) throw err;
    return { id, duplicate: true };
  }
}
