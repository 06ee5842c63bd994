import type { Tx } from "../db";
import type { CheckedEvent } from "./check-event";
import { iso, utc } from "./sql";

type Storable = Exclude<CheckedEvent, { kind: "unstorable" }>;

/** The prefix of IdentityEvent.error for an event refused by validation (it was never applied). */
export const REJECTED_PREFIX = "rejected: ";

/**
 * Raw first: every storable event becomes an IdentityEvent row, as received, before anything is
 * applied. Returns the ids stored by this call; the others were already there (duplicates). An id
 * is final once accepted; a row that was refused or failed to apply (error set, never applied) is
 * replaced by a new delivery of the same id, so the sender can correct and resend it.
 */
export async function storeRaw(tx: Tx, events: readonly Storable[], now: Date): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const col = <T>(f: (e: Storable) => T) => events.map(f);
  // ORDER BY id: concurrent batches sharing ids lock them in the same order.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "IdentityEvent" (id, type, "occurredAt", "receivedAt", payload, error)
    SELECT r.id, r.type, r.at AT TIME ZONE 'UTC', ${utc(iso(now))}, r.payload, r.error
    FROM unnest(
      ${col((e) => e.id)}::text[], ${col((e) => e.type)}::text[], ${col((e) => iso(e.occurredAt))}::timestamptz[],
      ${col((e) => e.payload)}::jsonb[], ${col((e) => (e.kind === "invalid" ? REJECTED_PREFIX + e.reason : null))}::text[]
    ) AS r(id, type, at, payload, error)
    ORDER BY r.id
    ON CONFLICT (id) DO UPDATE SET
      type = excluded.type, "occurredAt" = excluded."occurredAt", "receivedAt" = excluded."receivedAt",
      payload = excluded.payload, error = excluded.error
    WHERE "IdentityEvent"."appliedAt" IS NULL AND "IdentityEvent".error IS NOT NULL
    RETURNING id`;
  return new Set(rows.map((r) => r.id));
}

/** Marks the outcome of applying: appliedAt for the applied ones, the error for the failed ones. */
export async function markApplied(tx: Tx, applied: string[], failed: Map<string, string>, now: Date): Promise<void> {
  if (applied.length > 0) {
    await tx.$executeRaw`UPDATE "IdentityEvent" SET "appliedAt" = ${utc(iso(now))}, error = NULL WHERE id = ANY(${applied}::text[])`;
  }
  if (failed.size > 0) {
    await tx.$executeRaw`
      UPDATE "IdentityEvent" e SET error = f.error
      FROM unnest(${[...failed.keys()]}::text[], ${[...failed.values()]}::text[]) AS f(id, error)
      WHERE e.id = f.id`;
  }
}
