import { appendAudit } from "../../audit/append";
import { systemActor } from "../../auth/actor";
import { db } from "../../db";
import { isAppError } from "../../errors";
import { storable } from "./ids";
import { FINAL_STATUSES } from "./statuses";

// The dead-letter list is InboundEmail rows with status FAILED and a short parseError. Messages
// here are shown to admins and stored in the audit trail: they name the kind of failure, never
// the content (addresses, subjects, file names) that an exception's message might quote.

export const INTAKE_ACTOR = systemActor("intake");

function kindOf(err: unknown): string {
  if (!(err instanceof Error)) return "unknown error";
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && /^[\w.-]{1,40}$/.test(code) ? `${err.name} ${code}` : err.name;
}

/** Why a message could not be parsed. AppError messages are written for callers; others are reduced to their kind. */
export function describeParseFailure(err: unknown): string {
  const detail = isAppError(err) ? err.message : kindOf(err);
  return storable(`Malformed message: it could not be parsed (${detail})`, 300) as string;
}

/** Why processing failed after every retry. */
export function describeFailure(err: unknown, attempts: number): string {
  const detail = isAppError(err) ? `${err.code}: ${err.message}` : kindOf(err);
  return storable(`Processing failed after ${attempts} attempt${attempts === 1 ? "" : "s"} (${detail})`, 300) as string;
}

/**
 * Marks an inbound email FAILED with a reason and audits it (email.failed), in one transaction.
 * Does nothing when another run has finished it meanwhile. Returns whether it marked it.
 */
export async function markInboundFailed(inboundEmailId: string, reason: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: string; attempts: number }[]>`
      SELECT status::text AS status, attempts FROM "InboundEmail" WHERE id = ${inboundEmailId}::uuid FOR UPDATE`;
    const row = rows[0];
    if (!row || (FINAL_STATUSES as string[]).includes(row.status)) return false;
    await tx.inboundEmail.update({ where: { id: inboundEmailId }, data: { status: "FAILED", parseError: reason } });
    await appendAudit(tx, {
      action: "email.failed",
      actor: INTAKE_ACTOR,
      target: { type: "InboundEmail", id: inboundEmailId },
      outcome: "FAILURE",
      data: { inboundEmailId, attempts: row.attempts, error: reason },
    });
    return true;
  });
}
