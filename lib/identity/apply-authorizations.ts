import type { Tx } from "../db";
import type { AuthMethod } from "../generated/prisma/enums";
import type { ActivityChange } from "./apply-activity";
import { iso, utc } from "./sql";

// A successful login by face, old-device approval or security items is the identity service
// authorising the device itself: a PENDING or EXPIRED device becomes AUTHORIZED with that method,
// as of the login. Only a login newer than the device's last revoke or expiry counts, so a late
// success cannot undo a later decision; REVOKED devices stay revoked (only staff re-authorise).
// No device.authorized webhook: the identity service made the decision and already knows.

/** Methods by which the identity service authorises a device on its own (MANUAL is staff's). */
const SELF_AUTHORIZING: readonly AuthMethod[] = ["FACE", "OLD_DEVICE", "SECURITY_ITEMS"];

export interface LoginAuthorization {
  deviceId: string;
  accountId: string;
  statusBefore: "PENDING" | "EXPIRED";
  method: AuthMethod;
  /** The identity service's id of the login.attempted event that authorised the device. */
  loginEventId: string;
  loginAt: Date;
}

/**
 * One UPDATE for the batch. Of a device's qualifying successes in the batch the earliest wins (the
 * result of applying the events in occurredAt order); a device already AUTHORIZED keeps its
 * authorisation. Runs after upsertDevices, which has locked every device of the batch.
 */
export async function authorizeByLogins(tx: Tx, changes: readonly ActivityChange[], now: Date): Promise<LoginAuthorization[]> {
  const wins = changes.flatMap(({ id, occurredAt, event: e }) =>
    e.type === "login.attempted" && e.outcome === "SUCCESS" && SELF_AUTHORIZING.includes(e.method) ? [{ id, occurredAt, e }] : [],
  );
  if (wins.length === 0) return [];
  const col = <T>(f: (w: (typeof wins)[number]) => T) => wins.map(f);
  const rows = await tx.$queryRaw<{ id: string; accountId: string; before: "PENDING" | "EXPIRED"; eid: string }[]>`
    WITH s AS (
      SELECT s.eid, s.uid, s.ext, s.at AT TIME ZONE 'UTC' AS at, s.method
      FROM unnest(${col((w) => w.id)}::text[], ${col((w) => w.e.uid)}::text[], ${col((w) => w.e.deviceId)}::text[],
                  ${col((w) => iso(w.occurredAt))}::timestamptz[], ${col((w) => w.e.method)}::text[]) AS s(eid, uid, ext, at, method)
    ),
    c AS (
      SELECT DISTINCT ON (d.id) d.id, d.status AS before, s.eid, s.at, s.method
      FROM s CROSS JOIN LATERAL (
        -- One unique-index lookup per login (LIMIT 1 keeps the planner from turning this into a
        -- scan of every PENDING/EXPIRED device, which it did on the bench's 60,000 devices).
        SELECT d.id, d.status, d."expiredAt", d."revokedAt" FROM "Account" a JOIN "Device" d ON d."accountId" = a.id AND d."externalId" = s.ext
        WHERE a.uid = s.uid LIMIT 1
      ) d
      WHERE d.status IN ('PENDING', 'EXPIRED') AND s.at > COALESCE(GREATEST(d."expiredAt", d."revokedAt"), '-infinity')
      ORDER BY d.id, s.at, s.eid
    )
    UPDATE "Device" d SET
      status = 'AUTHORIZED', "authMethod" = c.method::"AuthMethod", "authorizedAt" = c.at, "revokedAt" = NULL, "expiredAt" = NULL,
      "decidedById" = NULL, "decisionReason" = NULL, "decisionCaseId" = NULL, "decisionNote" = NULL, "updatedAt" = ${utc(iso(now))}
    FROM c
    WHERE d.id = c.id AND d.status IN ('PENDING', 'EXPIRED') AND c.at > COALESCE(GREATEST(d."expiredAt", d."revokedAt"), '-infinity')
    RETURNING d.id::text AS id, d."accountId"::text AS "accountId", c.before::text AS before, c.eid`;
  const byId = new Map(wins.map((w) => [w.id, w]));
  return rows.map((r) => {
    const w = byId.get(r.eid)!;
    return { deviceId: r.id, accountId: r.accountId, statusBefore: r.before, method: w.e.method, loginEventId: r.eid, loginAt: w.occurredAt };
  });
}
