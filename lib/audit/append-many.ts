import type { Tx } from "../db";
import type { AuditAction } from "./actions";
import { appendAudit, bodyOf, type AuditInput } from "./append";
import { entryHash } from "./hash";

/**
 * Appends several audit entries in the caller's transaction, in order, in two statements instead
 * of one round trip each (a batch of identity events can authorise hundreds of devices; one
 * audit_append per entry cost ~0.45 ms each). The first goes through appendAudit, which takes the
 * chain lock (held until the caller commits: call this last) and returns the head; the others are
 * linked from it here with the same entryHash audit_append uses and inserted at once, so
 * verifyChain checks them like any other entry.
 */
export async function appendAuditMany<A extends AuditAction>(tx: Tx, inputs: readonly AuditInput<A>[]): Promise<void> {
  if (inputs.length === 0) return;
  const [first, ...more] = inputs;
  const head = await appendAudit(tx, first);
  if (more.length === 0) return;
  const occurredAt = new Date();
  let seq = head.seq;
  let prevHash = head.hash;
  const rows = more.map((input) => {
    const body = bodyOf(input, occurredAt);
    seq += 1n;
    const hash = entryHash({ ...body, seq, prevHash });
    const row = { body, seq: seq.toString(), prevHash, hash };
    prevHash = hash;
    return row;
  });
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await tx.$executeRaw`
    INSERT INTO "AuditEntry" (seq, "occurredAt", "actorType", "actorId", "actorRole", action, "targetType", "targetId", "caseId", "accountId", outcome, ip, "userAgent", "requestId", data, "prevHash", hash)
    SELECT x.seq, (${occurredAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')::timestamp(3), x.actor_type::"ActorType", x.actor_id, x.actor_role::"StaffRole",
           x.action, x.target_type, x.target_id, x.case_id, x.account_id, x.outcome::"AuditOutcome", x.ip, x.user_agent, x.request_id, x.data, x.prev_hash, x.hash
    FROM unnest(
      ${col((r) => r.seq)}::bigint[], ${col((r) => r.body.actorType)}::text[], ${col((r) => r.body.actorId)}::text[], ${col((r) => r.body.actorRole)}::text[],
      ${col((r) => r.body.action)}::text[], ${col((r) => r.body.targetType)}::text[], ${col((r) => r.body.targetId)}::text[],
      ${col((r) => r.body.caseId)}::uuid[], ${col((r) => r.body.accountId)}::uuid[], ${col((r) => r.body.outcome)}::text[],
      ${col((r) => r.body.ip)}::text[], ${col((r) => r.body.userAgent)}::text[], ${col((r) => r.body.requestId)}::text[],
      ${col((r) => JSON.stringify(r.body.data))}::jsonb[], ${col((r) => r.prevHash)}::text[], ${col((r) => r.hash)}::text[]
    ) AS x(seq, actor_type, actor_id, actor_role, action, target_type, target_id, case_id, account_id, outcome, ip, user_agent, request_id, data, prev_hash, hash)
    ORDER BY x.seq`;
}
