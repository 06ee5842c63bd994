import type { Actor } from "../auth/actor";
import type { Tx } from "../db";
import type { AuditOutcome } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import type { AuditAction, AuditActionData } from "./actions";
import { GENESIS_HASH, entryHash, type ChainedFields } from "./hash";

// One constant advisory-lock key serialises appends: each entry's prevHash is the hash of the
// entry committed just before it, and seq has no gaps. The lock is released at commit/rollback.
const CHAIN_LOCK = 7_301_946_221;

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

function actorColumns(actor: Actor): Pick<ChainedFields, "actorType" | "actorId" | "actorRole"> {
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
 * change it records does. Call it last in the transaction: it holds the chain lock until commit.
 */
export async function appendAudit<A extends AuditAction>(tx: Tx, input: AuditInput<A>): Promise<{ seq: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}::bigint)`;
  const last = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM "AuditEntry" ORDER BY seq DESC LIMIT 1`;
  const prev = last[0];
  const fields: ChainedFields = {
    seq: (prev?.seq ?? 0n) + 1n,
    occurredAt: new Date(),
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
    // Round-trip through JSON so the hash covers exactly what jsonb will hand back.
    data: JSON.parse(JSON.stringify(input.data)),
    prevHash: prev?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(fields);
  await tx.auditEntry.create({ data: { ...fields, data: fields.data as object, hash } });
  return { seq: fields.seq, hash };
}
