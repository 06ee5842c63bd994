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

/** The fields an entry's hash covers: everything but the hash itself. */
export interface ChainedFields {
  seq: bigint;
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
  prevHash: string;
}

/** SHA-256 over the previous hash and the canonical form of this entry. */
export function entryHash(f: ChainedFields): string {
  const body = canonicalJson({ ...f, seq: f.seq.toString(), occurredAt: f.occurredAt.toISOString() });
  return createHash("sha256").update(f.prevHash).update("\n").update(body).digest("hex");
}
