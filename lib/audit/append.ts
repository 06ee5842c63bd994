import type { Actor } from "../auth/actor";
import type { Tx } from "../db";
import type { AuditOutcome } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import type { AuditAction, AuditActionData } from "./actions";
import { entryBody, type EntryBody } from "./hash";

export interface AuditInput<A extends AuditAction> {
  action: A;
  data: AuditActionData[A];
  actor: Actor;
  outcome?: AuditOutcome;
  target?: { type: string; id: string };
  caseId?: string;
  accountId?: string;
  request?: RequestContext;
}

function actorColumns(actor: Actor): Pick<EntryBody, "actorType" | "actorId" | "actorRole"> {
  switch (actor.type) {
    case "STAFF":
      return { actorType: "STAFF", actorId: actor.id, actorRole: actor.role };
    case "API_TOKEN":
      return { actorType: "API_TOKEN", actorId: `${actor.staffId}/token:${actor.id}`, actorRole: actor.role };
    case "SYSTEM":
    case "PROVIDER":
      return { actorType: actor.type, actorId: actor.id, actorRole: null };
    case "ANONYMOUS":
      return { actorType: "ANONYMOUS", actorId: null, actorRole: null };
  }
}

/**
 * Appends an audit entry inside the caller's transaction, so the entry exists exactly when the
 * change it records does. The SQL function audit_append takes the chain lock, links the entry to
 * the head and inserts it in one round trip; the lock is held until the caller commits, so call
 * this last in the transaction.
 */
export async function appendAudit<A extends AuditAction>(tx: Tx, input: AuditInput<A>): Promise<{ seq: bigint; hash: string }> {
  const body = bodyOf(input, new Date());
  const rows = await tx.$queryRaw<{ out_seq: bigint; out_hash: string }[]>`
    SELECT out_seq, out_hash FROM audit_append(
      (${body.occurredAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3),
      ${body.actorType}::"ActorType", ${body.actorId}, ${body.actorRole}::"StaffRole", ${body.action},
      ${body.targetType}, ${body.targetId}, ${body.caseId}::uuid, ${body.accountId}::uuid,
      ${body.outcome}::"AuditOutcome", ${body.ip}, ${body.userAgent}, ${body.requestId},
      ${JSON.stringify(body.data)}::jsonb, ${entryBody(body)})`;
  return { seq: rows[0].out_seq, hash: rows[0].out_hash };
}

/** The stored columns of an entry (whole milliseconds: the column is timestamp(3), and the hash covers what is stored). */
export function bodyOf<A extends AuditAction>(input: AuditInput<A>, occurredAt: Date): EntryBody {
  return {
    occurredAt,
    ...actorColumns(input.actor),
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    caseId: input.caseId ?? null,
    accountId: input.accountId ?? null,
    outcome: input.outcome ?? "SUCCESS",
    ip: input.request?.ip ?? null,
    userAgent: input.request?.userAgent ?? null,
    requestId: input.request?.requestId ?? null,
    // Round-trip through JSON so the hash covers exactly what jsonb hands back.
    data: JSON.parse(JSON.stringify(input.data)),
  };
}
