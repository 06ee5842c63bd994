import type { StaffRole } from "../generated/prisma/enums";

/**
 * Every audited action and the shape of its `data` (a before/after summary with ids, never
 * document images or free personal data). Later domains add their actions here; an action that
 * is not listed cannot be written.
 */
export interface AuditActionData {
  "system.seeded": { scale: string; accounts: number; cases: number };
  "staff.created": { staffId: string; role: StaffRole; via: "seed" | "cli" | "admin" };
  "outbox.pruned": { deleted: number; publishedBefore: string };
  "audit.chain_verified": { from: string; to: string; entries: number; ok: boolean };
  "auth.denied": { permission: string; reason: string; resourceType: string | null; resourceId: string | null };
}

export type AuditAction = keyof AuditActionData;
