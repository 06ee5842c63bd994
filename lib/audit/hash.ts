import { createHash } from "node:crypto";
import type { ActorType, AuditOutcome, StaffRole } from "../generated/prisma/enums";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** An entry's own fields: everything but its chain position (seq, prevHash) and its hash. */
export interface EntryBody {
  occurredAt: Date;
  actorType: ActorType;
  actorId: string | null;
  actorRole: StaffRole | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  caseId: string | null;
  accountId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  data: unknown;
}

export interface ChainedFields extends EntryBody {
  seq: bigint;
  prevHash: string;
}

/** The canonical text of an entry's body; the database function hashes it with the chain position. */
export function entryBody(b: EntryBody): string {
  return canonicalJson({
    occurredAt: b.occurredAt.toISOString(),
    actorType: b.actorType,
    actorId: b.actorId,
    actorRole: b.actorRole,
    action: b.action,
    targetType: b.targetType,
    targetId: b.targetId,
    caseId: b.caseId,
    accountId: b.accountId,
    outcome: b.outcome,
    ip: b.ip,
    userAgent: b.userAgent,
    requestId: b.requestId,
    data: b.data,
  });
}

/**
 * SHA-256 over "prevHash \n seq \n body" — the same formula as the SQL function audit_append
 * (prisma/migrations/*_audit_append_function), so verification recomputes what the database wrote.
 */
export function entryHash(f: ChainedFields): string {
  return createHash("sha256").update(`${f.prevHash}\n${f.seq.toString()}\n${entryBody(f)}`, "utf8").digest("hex");
}
