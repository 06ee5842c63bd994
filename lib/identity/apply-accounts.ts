import type { Tx } from "../db";
import type { AccountUpserted } from "./schemas";
import { iso, utc, UUID7 } from "./sql";

// account.upserted is the account's full state at occurredAt (fields left out are cleared). It
// changes the row only when newer than Account.sourceUpdatedAt, so a late, older snapshot changes
// nothing. One ID document verifies one account: a fingerprint another account already holds is
// not written; idConflictAccountId names that account instead (lib/devices then demands a
// supervisor override).

export interface AccountChange {
  occurredAt: Date;
  id: string;
  event: AccountUpserted;
}

/** Newest snapshot per uid (ties: the larger event id, so every replay picks the same one). */
function newestPerUid(changes: readonly AccountChange[]): AccountChange[] {
  const newest = new Map<string, AccountChange>();
  for (const c of changes) {
    const cur = newest.get(c.event.uid);
    const t = c.occurredAt.getTime();
    if (!cur || t > cur.occurredAt.getTime() || (t === cur.occurredAt.getTime() && c.id > cur.id)) newest.set(c.event.uid, c);
  }
  return [...newest.values()];
}

export async function applyAccounts(tx: Tx, changes: readonly AccountChange[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  const rows = newestPerUid(changes);
  const col = <T>(f: (c: AccountChange) => T) => rows.map(f);
  // ORDER BY uid: concurrent batches lock account rows in the same order.
  const written = await tx.$queryRaw<{ id: string; uid: string }[]>`
    INSERT INTO "Account" (id, uid, email, "emailNormalized", phone, "kycStatus", "realName", locale, "securityItems", "sourceUpdatedAt", "updatedAt")
    SELECT ${UUID7}, u.uid, u.email, lower(trim(u.email)), u.phone, u.kyc::"KycStatus", u.real_name, u.locale,
           ARRAY(SELECT jsonb_array_elements_text(u.items)), u.at AT TIME ZONE 'UTC', ${utc(iso(now))}
    FROM unnest(
      ${col((c) => c.event.uid)}::text[], ${col((c) => c.event.email)}::text[], ${col((c) => c.event.phone ?? null)}::text[],
      ${col((c) => (c.event.identityVerified ? "VERIFIED" : "UNVERIFIED"))}::text[], ${col((c) => c.event.realName ?? null)}::text[],
      ${col((c) => c.event.locale ?? null)}::text[], ${col((c) => JSON.stringify(c.event.securityItems ?? []))}::jsonb[],
      ${col((c) => iso(c.occurredAt))}::timestamptz[]
    ) AS u(uid, email, phone, kyc, real_name, locale, items, at)
    ORDER BY u.uid
    ON CONFLICT (uid) DO UPDATE SET
      email = excluded.email, "emailNormalized" = excluded."emailNormalized", phone = excluded.phone,
      "kycStatus" = excluded."kycStatus", "realName" = excluded."realName", locale = excluded.locale,
      "securityItems" = excluded."securityItems", "sourceUpdatedAt" = excluded."sourceUpdatedAt", "updatedAt" = excluded."updatedAt"
    WHERE "Account"."sourceUpdatedAt" IS NULL OR excluded."sourceUpdatedAt" > "Account"."sourceUpdatedAt"
    RETURNING id, uid`;
  if (written.length > 0) await assignFingerprints(tx, written, new Map(rows.map((c) => [c.event.uid, c])), now);
}

/**
 * Sets idFingerprint / idConflictAccountId of the accounts just written. Serialised across
 * batches by an advisory lock (held to commit) so "who holds this document" is read consistently.
 * Two steps, because a unique index is checked row by row: first every written account lets go
 * of a fingerprint it no longer reports, then each wanted fingerprint goes to its holder or, when
 * free, to the earliest claimant in this batch (occurredAt, then uid); the others get the conflict.
 */
async function assignFingerprints(tx: Tx, written: { id: string; uid: string }[], byUid: Map<string, AccountChange>, now: Date): Promise<void> {
  const ids = written.map((w) => w.id);
  const wanted = written.map((w) => byUid.get(w.uid)?.event.idFingerprint ?? null);
  const ats = written.map((w) => iso(byUid.get(w.uid)!.occurredAt));
  const uids = written.map((w) => w.uid);
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended('gatehouse:identity:id-fingerprint', 0))`;
  await tx.$executeRaw`
    UPDATE "Account" a SET "idFingerprint" = NULL
    FROM unnest(${ids}::uuid[], ${wanted}::text[]) AS w(id, fp)
    WHERE a.id = w.id AND a."idFingerprint" IS NOT NULL AND a."idFingerprint" IS DISTINCT FROM w.fp`;
  await tx.$executeRaw`
    WITH w AS (SELECT * FROM unnest(${ids}::uuid[], ${wanted}::text[], ${ats}::timestamptz[], ${uids}::text[]) AS w(id, fp, at, uid)),
    holder AS (SELECT w.id, h.id AS holder_id FROM w JOIN "Account" h ON h."idFingerprint" = w.fp AND h.id <> w.id),
    contest AS (
      SELECT w.id, first_value(w.id) OVER (PARTITION BY w.fp ORDER BY w.at, w.uid) AS winner
      FROM w WHERE w.fp IS NOT NULL AND NOT EXISTS (SELECT 1 FROM holder WHERE holder.id = w.id)
    )
    UPDATE "Account" a SET
      "idFingerprint" = CASE WHEN c.winner = w.id THEN w.fp END,
      "idConflictAccountId" = COALESCE(h.holder_id, CASE WHEN c.winner <> w.id THEN c.winner END),
      "updatedAt" = ${utc(iso(now))}
    FROM w LEFT JOIN holder h ON h.id = w.id LEFT JOIN contest c ON c.id = w.id
    WHERE a.id = w.id`;
}
