import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import { Secret, TOTP } from "otpauth";
import { withClient } from "./db";

// Staff for the browser tests, written straight into the run's database (the app under test
// runs in another process). Demo staff come from the seed's list with its published secrets;
// each spec that changes a staff member creates its own with createStaff().

export const PASSWORD = "e2e-correct-horse-battery";

export interface TestStaff {
  id: string;
  email: string;
  name: string;
  role: "AGENT" | "SUPERVISOR" | "AUDITOR" | "ADMIN";
  password: string;
  /** base32 TOTP secret, or null when not enrolled yet. */
  secret: string | null;
}

/** Creates an ACTIVE staff member with a password and (unless enrolled: false) a TOTP secret. */
export async function createStaff(opts: { role: TestStaff["role"]; enrolled?: boolean; name?: string; prefix?: string }): Promise<TestStaff> {
  const { sealSecret } = await import("../../../lib/auth/mfa");
  const id = randomUUID();
  const email = `${opts.prefix ?? opts.role.toLowerCase()}-${id.slice(0, 8)}@e2e.test`;
  const secret = opts.enrolled === false ? null : new Secret({ size: 20 }).base32;
  const passwordHash = await hash(PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  await withClient((c) =>
    c.query(
      `INSERT INTO "StaffUser" (id, email, name, role, status, "passwordHash", "mfaSecret", "mfaEnrolledAt", "sessionsValidAfter", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $6, $7, now() - interval '1 minute', now(), now())`,
      [id, email, opts.name ?? `E2E ${opts.role.toLowerCase()} ${id.slice(0, 4)}`, opts.role, passwordHash, secret ? sealSecret(secret) : null, secret ? new Date() : null],
    ),
  );
  return { id, email, name: opts.name ?? `E2E ${opts.role.toLowerCase()} ${id.slice(0, 4)}`, role: opts.role, password: PASSWORD, secret };
}

export async function staffRow(id: string): Promise<{ lockedUntil: Date | null; status: string; role: string }> {
  return withClient(async (c) => (await c.query(`SELECT "lockedUntil", status, role FROM "StaffUser" WHERE id = $1`, [id])).rows[0]);
}

export async function auditActions(staffId: string): Promise<string[]> {
  return withClient(async (c) => (await c.query(`SELECT action FROM "AuditEntry" WHERE "targetId" = $1 ORDER BY seq`, [staffId])).rows.map((r) => r.action));
}

// A TOTP step is accepted once per staff member. Codes for step t+1 are accepted early (clock
// drift window), so a test that signs the same person in twice takes the next step, and waits
// only when it is two steps ahead. The steps used are kept in a file: Playwright may run specs
// in several worker processes one after another.
const STEPS_FILE = path.join("test-results", ".totp-steps.json");

function usedSteps(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(STEPS_FILE, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

export async function totpCode(secret: string): Promise<string> {
  const now = Date.now();
  const current = Math.floor(now / 30_000);
  const used = usedSteps();
  const step = Math.max(current, (used[secret] ?? -1) + 1);
  if (step > current + 1) await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - now + 200));
  fs.mkdirSync(path.dirname(STEPS_FILE), { recursive: true });
  fs.writeFileSync(STEPS_FILE, JSON.stringify({ ...usedSteps(), [secret]: step }));
  return new TOTP({ secret, digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: step * 30_000 });
}
