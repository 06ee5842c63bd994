import { z } from "zod";
import type { Actor } from "../../auth/actor";
import type { Tx } from "../../db";
import { AppError } from "../../errors";
import type { InboundEmailStatus } from "../../generated/prisma/enums";
import { writeOutbox } from "../../outbox/write";
import { processInboundJob } from "../jobs";

// Helpers for the staff use cases in this folder. Not a use case: no permission checks here.

/** Audit target type of an InboundEmail (the intake pipeline uses the same). */
export const INBOUND_TARGET = "InboundEmail";

/** An id from a URL, form or API path; anything that is not a UUID names nothing. */
export function parseRecordId(value: unknown, what: string): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new AppError("NOT_FOUND", `No ${what} with this id.`);
  return parsed.data.toLowerCase();
}

/** Validates a use case's input (one helper for every use case folder). */
export { parseInput } from "../../http/parse-input";

/** The staff member behind a staff actor (signed in, or through one of their API tokens). */
export function staffIdOf(actor: Extract<Actor, { type: "STAFF" | "API_TOKEN" }>): string {
  return actor.type === "STAFF" ? actor.id : actor.staffId;
}

/** The row's current state, locked until the caller's transaction ends; NOT_FOUND when missing. */
export async function lockInboundEmail(tx: Tx, id: string): Promise<{ status: InboundEmailStatus; receivedAt: Date; linkedAt: Date | null; purgedAt: Date | null }> {
  const rows = await tx.$queryRaw<{ status: InboundEmailStatus; receivedAt: Date; linkedAt: Date | null; purgedAt: Date | null }[]>`
    SELECT status::text AS status, "receivedAt", "linkedAt", "purgedAt" FROM "InboundEmail" WHERE id = ${id}::uuid FOR UPDATE`;
  if (!rows[0]) throw new AppError("NOT_FOUND", "No inbound email with this id.");
  return rows[0];
}

/** Error details of a refusal because retention purged the email: clients branch on `reason`. */
export function purgedDetail(row: { purgedAt: Date | null }): { reason: "purged"; purgedAt: string } | Record<string, never> {
  return row.purgedAt ? { reason: "purged", purgedAt: row.purgedAt.toISOString() } : {};
}

/**
 * Queues "intake.process" again for an email a staff member retried or linked. Each re-run needs
 * a new job id (the first one is still known to the queue); `n` counts the staff requeues of this
 * email from the append-only audit trail, so the key never repeats even after outbox pruning.
 */
export async function requeueProcessing(tx: Tx, inboundEmailId: string, why: "retry" | "link"): Promise<void> {
  const previous = await tx.auditEntry.count({ where: { action: why === "retry" ? "email.retried" : "email.linked", targetType: INBOUND_TARGET, targetId: inboundEmailId } });
  await writeOutbox(tx, processInboundJob, { inboundEmailId }, { dedupeKey: `intake.process:${inboundEmailId}:${why}:${previous + 1}` });
}

