import { appendAudit } from "../../lib/audit/append";
import { systemActor } from "../../lib/auth/actor";
import type { Db } from "../../lib/db";
import type { StoredEmails } from "./uploads";
import { sealSecret } from "../../lib/auth/mfa";
import { DEMO_MARKER_EMAIL, demoTotpSecret } from "./demo-staff";
import type { DemoWorld } from "./world/plan";
import { emailTemplateRows, slaPolicies } from "./world/settings";

// Writes the planned world in one transaction: all of it or none of it, so "the admin exists"
// reliably means "the demo world exists". Audit entries come last (appendAudit holds the chain lock
// until commit).

export const SEED_ACTOR = systemActor("seed");

export class AlreadySeeded extends Error {}

export async function writeDemoWorld(db: Db, world: DemoWorld, stored: StoredEmails, passwordHashes: Map<string, string>): Promise<void> {
  await db.$transaction(
    async (tx) => {
      // A second seed started at the same time: the marker check inside the transaction settles it.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301946299)`;
      const marker = await tx.staffUser.findUnique({ where: { email: DEMO_MARKER_EMAIL }, select: { id: true } });
      if (marker) throw new AlreadySeeded();

      await tx.staffUser.createMany({
        data: world.staff.map((s) => ({
          id: s.id,
          email: s.email,
          name: s.name,
          role: s.role,
          status: "ACTIVE" as const,
          passwordHash: passwordHashes.get(s.email) ?? null,
          // Enrolled with the published demo secret (demo-staff.ts), so the quick start signs in with MFA.
          mfaSecret: sealSecret(demoTotpSecret(s.email)),
          mfaEnrolledAt: s.createdAt,
          sessionsValidAfter: s.createdAt,
          lastActiveAt: s.lastActiveAt,
          createdAt: s.createdAt,
          updatedAt: s.createdAt,
        })),
      });
      await tx.account.createMany({ data: world.accounts.map((a) => ({ ...a.row, updatedAt: a.row.sourceUpdatedAt ?? a.row.createdAt })) });
      await tx.device.createMany({ data: world.devices });
      await tx.loginEvent.createMany({ data: world.logins });
      await tx.reviewCase.createMany({ data: world.cases.cases });
      await tx.inboundEmail.createMany({ data: stored.inbound });
      await tx.document.createMany({ data: stored.documents });
      await tx.caseEvent.createMany({ data: world.cases.events });
      await tx.caseNote.createMany({ data: world.cases.notes });
      await tx.approvalRequest.createMany({ data: world.cases.approvals });
      await tx.outboundEmail.createMany({ data: world.cases.outbound });
      // Settings an admin may already have edited are left alone.
      await tx.slaPolicy.createMany({ data: slaPolicies, skipDuplicates: true });
      await tx.emailTemplate.createMany({ data: emailTemplateRows, skipDuplicates: true });

      for (const s of world.staff) {
        await appendAudit(tx, {
          action: "staff.created",
          actor: SEED_ACTOR,
          target: { type: "StaffUser", id: s.id },
          data: { staffId: s.id, role: s.role, via: "seed" },
        });
      }
      await appendAudit(tx, {
        action: "system.seeded",
        actor: SEED_ACTOR,
        data: { scale: "demo", accounts: world.accounts.length, cases: world.cases.cases.length },
      });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
