import { createHash } from "node:crypto";
import type { ActorType, AuditOutcome, StaffRole } from "../generated/prisma/enums";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalJson(value[i]);
    return out + "]";
  }
  // A plain loop, not entries/filter/map: verification runs this for every entry of the trail.
  const obj = value as Record<string, unknown>;
  let out = "{";
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined) continue;
    out += (out.length > 1 ? "," : "") + JSON.stringify(key) + ":" + canonicalJson(v);
  }
  return out + "}";
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

const str = (v: string | null) => (v === null ? "null" : JSON.stringify(v));

/**
 * The canonical text of an entry's body (what `canonicalJson` gives for these fields, written out
 * in sorted key order directly: verification runs this a million times). The database function
 * hashes it together with the chain position.
 */
export function entryBody(b: EntryBody): string {
  return (
    `{"accountId":${str(b.accountId)},"action":${str(b.action)},"actorId":${str(b.actorId)},` +
    `"actorRole":${str(b.actorRole)},"actorType":${str(b.actorType)},"caseId":${str(b.caseId)},` +
    `"data":${canonicalJson(b.data)},"ip":${str(b.ip)},"occurredAt":${str(b.occurredAt.toISOString())},` +
    `"outcome":${str(b.outcome)},"requestId":${str(b.requestId)},"targetId":${str(b.targetId)},` +
    `"targetType":${str(b.targetType)},"userAgent":${str(b.userAgent)}}`
  );
}

/**
 * SHA-256 over "prevHash \n seq \n body" — the same formula as the SQL function audit_append
 * (prisma/migrations/*_audit_append_function), so verification recomputes what the database wrote.
 */
export function entryHash(f: ChainedFields): string {
  return createHash("sha256").update(`${f.prevHash}\n${f.seq.toString()}\n${entryBody(f)}`, "utf8").digest("hex");
}
