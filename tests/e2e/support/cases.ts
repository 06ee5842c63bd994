import { randomUUID } from "node:crypto";
import { createAccount, uniq, type SeededAccount } from "./accounts";
import { withClient } from "./db";

// Review cases for the queue spec (queue.spec.ts), written straight into the run's database the
// way the intake worker leaves them: a case on an account's pending device, one accepted ID photo
// from a processed email, and a CREATED timeline event. Every test makes its own accounts.

const MINUTE = 60_000;

export interface SeedCase {
  priority?: "LOW" | "NORMAL" | "HIGH" | "URGENT";
  status?: "NEW" | "IN_REVIEW" | "AWAITING_CUSTOMER" | "ESCALATED" | "APPROVED" | "REJECTED";
  /** Minutes from now (negative: breached). */
  slaDueInMinutes?: number;
  riskFlags?: string[];
  assigneeId?: string | null;
}

export interface SeededCase {
  id: string;
  ref: string;
}

export const caseRef = (n: number): string => `GH-${String(n).padStart(6, "0")}`;

/** A verified customer with one pending device, and one case per entry of `cases` on it. */
export async function createCases(cases: SeedCase[]): Promise<{ account: SeededAccount; cases: SeededCase[] }> {
  const account = await createAccount({ devices: [{ externalId: `iph-${uniq()}`, status: "PENDING", model: "iPhone 15" }] });
  const seeded: SeededCase[] = [];
  await withClient(async (c) => {
    await c.query("BEGIN");
    for (const s of cases) {
      const id = randomUUID();
      const { rows } = await c.query<{ number: number }>(
        `INSERT INTO "ReviewCase" (id, "accountId", "deviceId", status, priority, "assigneeId", "claimedAt", "slaDueAt", "riskFlags", "createdAt", "updatedAt", "decidedAt")
         VALUES ($1, $2, $3, $4::"CaseStatus", $5::"CasePriority", $6, $7, $8, $9::"RiskFlag"[], now(), now(),
           CASE WHEN $4 IN ('APPROVED', 'REJECTED') THEN now() END) RETURNING number`,
        [
          id,
          account.id,
          account.devices[0].id,
          s.status ?? "NEW",
          s.priority ?? "NORMAL",
          s.assigneeId ?? null,
          s.assigneeId ? new Date() : null,
          new Date(Date.now() + (s.slaDueInMinutes ?? 240) * MINUTE),
          s.riskFlags ?? [],
        ],
      );
      const emailId = randomUUID();
      await c.query(
        `INSERT INTO "InboundEmail" (id, provider, "providerMessageId", "rawKey", "rawSha256", "rawSize", status, "fromAddress", subject, "accountId", "caseId", "receivedAt")
         VALUES ($1, 'POSTMARK', $2, $3, $4, 100, 'PROCESSED', $5, 'My ID photos', $6, $7, now())`,
        [emailId, `pm-${emailId}`, `quarantine/raw/${emailId}.json`, "c".repeat(64), account.email.toLowerCase(), account.id, id],
      );
      await c.query(
        `INSERT INTO "Document" (id, "inboundEmailId", "caseId", "originalKey", sha256, "sizeBytes", "sniffedType", width, height, side, verdict, "createdAt")
         VALUES ($1, $2, $3, $4, $5, 182000, 'image/jpeg', 1240, 820, 'FRONT', 'ACCEPTED', now())`,
        [randomUUID(), emailId, id, `quarantine/originals/${emailId}`, "d".repeat(64)],
      );
      await c.query(`INSERT INTO "CaseEvent" (id, "caseId", type, data, "createdAt") VALUES ($1, $2, 'CREATED', '{}', now())`, [randomUUID(), id]);
      seeded.push({ id, ref: caseRef(rows[0].number) });
    }
    await c.query("COMMIT");
  });
  return { account, cases: seeded };
}

export async function caseRow(id: string): Promise<{ status: string; assigneeId: string | null }> {
  return withClient(async (c) => (await c.query(`SELECT status::text AS status, "assigneeId" FROM "ReviewCase" WHERE id = $1`, [id])).rows[0]);
}

/** Open cases in the whole run's database (what the "All open" tab counts). */
export async function openCaseCount(): Promise<{ open: number; unassigned: number }> {
  return withClient(async (c) => {
    const { rows } = await c.query<{ open: string; unassigned: string }>(
      `SELECT count(*) AS open, count(*) FILTER (WHERE "assigneeId" IS NULL) AS unassigned FROM "ReviewCase"
       WHERE status IN ('NEW', 'IN_REVIEW', 'AWAITING_CUSTOMER', 'ESCALATED', 'PENDING_SECOND_APPROVAL')`,
    );
    return { open: Number(rows[0].open), unassigned: Number(rows[0].unassigned) };
  });
}
