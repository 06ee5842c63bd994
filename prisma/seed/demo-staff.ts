import { createHash } from "node:crypto";
import { Secret } from "otpauth";
import type { StaffRole } from "../../lib/generated/prisma/enums";

// The demo sign-ins. Plain data without the database client, so the start script can print them.
// Local demo only: these never exist in production (the seed refuses a production database).

export const DEMO_PASSWORD = "gatehouse-demo";

export interface DemoStaffMember {
  key: "agent1" | "agent2" | "supervisor" | "supervisor2" | "auditor" | "admin";
  email: string;
  name: string;
  role: StaffRole;
}

export const demoStaff: readonly DemoStaffMember[] = [
  { key: "agent1", email: "agent1@gatehouse.test", name: "Avery Quinn", role: "AGENT" },
  { key: "agent2", email: "agent2@gatehouse.test", name: "Blake Okafor", role: "AGENT" },
  { key: "supervisor", email: "supervisor@gatehouse.test", name: "Casey Lindqvist", role: "SUPERVISOR" },
  // Four-eyes approvals need a second supervisor.
  { key: "supervisor2", email: "supervisor2@gatehouse.test", name: "Dana Moreau", role: "SUPERVISOR" },
  { key: "auditor", email: "auditor@gatehouse.test", name: "Emery Novak", role: "AUDITOR" },
  { key: "admin", email: "admin@gatehouse.test", name: "Frankie Adeyemi", role: "ADMIN" },
];

/** Seeding is skipped when this staff member exists: the demo world is already there. */
export const DEMO_MARKER_EMAIL = "admin@gatehouse.test";

export interface DemoSignIn {
  email: string;
  password: string;
  role: StaffRole;
  name: string;
}

export const demoSignIns: readonly DemoSignIn[] = demoStaff.map((s) => ({
  email: s.email,
  password: DEMO_PASSWORD,
  role: s.role,
  name: s.name,
}));

/**
 * The demo staff's TOTP secrets (base32), derived from the email so the quick start can print
 * them and the end-to-end tests can compute codes. Published, like the password: demo only.
 */
export function demoTotpSecret(email: string): string {
  const bytes = createHash("sha256").update(`gatehouse-demo-totp:${email}`).digest().subarray(0, 20);
  return new Secret({ buffer: new Uint8Array(bytes).buffer }).base32;
}
