import type { EmailProvider, StaffRole } from "../generated/prisma/enums";

/**
 * Every audited action and the shape of its `data` (a before/after summary with ids, never
 * document images or free personal data). Later domains add their actions here; an action that
 * is not listed cannot be written.
 */
export interface AuditActionData {
  "system.seeded": { scale: string; accounts: number; cases: number };
  "staff.created": { staffId: string; role: StaffRole; via: "seed" | "cli" | "admin" | "api" };
  "outbox.pruned": { deleted: number; publishedBefore: string };
  "audit.chain_verified": { from: string; to: string; entries: number; ok: boolean; anchors?: number; firstBreakSeq?: string | null; via?: "cli" | "console" | "api" };
  "auth.denied": { permission: string; reason: string; resourceType: string | null; resourceId: string | null };

  // Sign-in and sessions (lib/auth). Attempted emails are never stored: only the staff id when known.
  "auth.sign_in_failed": { staffId: string | null; method: "PASSWORD" | "OIDC" | "TOTP" | "RECOVERY_CODE"; reason: SignInFailure };
  "auth.locked_out": { staffId: string; until: string; failures: number };
  "auth.ip_limited": { failures: number; windowMinutes: number };
  "auth.signed_in": { staffId: string; sessionId: string; method: "PASSWORD" | "OIDC"; secondFactor: "TOTP" | "RECOVERY_CODE" | "ENROLMENT" };
  "auth.signed_out": { staffId: string; sessionId: string };
  "auth.step_up": { staffId: string; sessionId: string; factor: "PASSWORD" | "TOTP" };
  "auth.mfa_enrolled": { staffId: string };
  "auth.recovery_codes_regenerated": { staffId: string; count: number };
  "auth.sessions_revoked": { staffId: string; sessionIds: string[]; reason: "sign_out_everywhere" | "admin" | "role_changed" | "disabled" | "mfa_reset" };

  // Staff administration (lib/staff).
  "staff.role_changed": { staffId: string; before: StaffRole; after: StaffRole };
  "staff.disabled": { staffId: string };
  "staff.enabled": { staffId: string };
  "staff.mfa_reset": { staffId: string };
  "staff.unlocked": { staffId: string; lockedUntil: string | null };
  "staff.password_set": { staffId: string; via: "cli" | "admin" | "invite" };
  "staff.invite_issued": { staffId: string; expiresAt: string };
  "staff.invite_accepted": { staffId: string };
  /** A member switched auto-assignment on or off for themselves (lib/cases/availability.ts). */
  "staff.availability_changed": { staffId: string; autoAssign: boolean };

  // Personal API tokens (lib/auth/api-tokens). Token values never appear, only ids and prefixes.
  "api_token.created": { tokenId: string; ownerId: string; role: StaffRole; prefix: string; expiresAt: string; via: "console" | "api" | "cli" };
  "api_token.revoked": { tokenId: string; ownerId: string };
  "api_token.used": { tokenId: string; method: string; path: string };
  "api_token.refused": { prefix: string; reason: "unknown" | "revoked" | "expired" | "owner_inactive" | "role_above_owner" };

  // Email intake (lib/intake). Ids, counts and verdicts only: no addresses, subjects or file names.
  "email.received": { inboundEmailId: string; provider: EmailProvider; rawSize: number };
  "email.processed": {
    inboundEmailId: string;
    outcome: "case_created" | "case_joined" | "unmatched" | "no_documents";
    caseId: string | null;
    accountId: string | null;
    documents: { accepted: number; previewUnavailable: number; rejected: number };
    riskFlags: string[];
  };
  "email.failed": { inboundEmailId: string; attempts: number; error: string };
  "email.retried": { inboundEmailId: string; previousStatus: string };
  "email.requeued": { inboundEmailId: string; previousStatus: string; sweep: number };
  "email.linked": { inboundEmailId: string; accountId: string; caseId: string | null };
  "case.created": { caseId: string; ref: string; accountId: string; deviceId: string | null; priority: string; via: "email" | "staff" };
  "document.side_changed": { documentId: string; caseId: string | null; before: string; after: string };
  /** An agent's view of an ID photo (normalised image or thumbnail): one entry per image served. */
  "document.viewed": { documentId: string; caseId: string | null; variant: "image" | "thumbnail"; watermarked: boolean; download: boolean };

  // Review queue (lib/cases). Ids, refs, statuses and staff ids only: never note text or names.
  /** `via: "auto"`: auto-assignment gave the case (the actor is the system) to `assigneeId`. */
  "case.claimed": { caseId: string; ref: string; via: "next" | "direct" | "auto"; statusBefore: string; statusAfter: string; assigneeId?: string };
  "case.assigned": { caseId: string; ref: string; assigneeBefore: string | null; assigneeAfter: string | null; bulk: boolean; statusBefore: string; statusAfter: string };
  "case.note_added": { caseId: string; ref: string; noteId: string; length: number };
  "case.sla_breached": { caseId: string; ref: string; slaDueAt: string; priority: string };
  "case.decided": {
    caseId: string;
    ref: string;
    decision: "APPROVED" | "REJECTED" | "RESUBMISSION_REQUESTED" | "ESCALATED" | "SECOND_APPROVAL_REQUESTED" | "SECOND_APPROVAL_DECLINED";
    statusBefore: string;
    statusAfter: string;
    reasonCodes: string[];
    deviceId: string | null;
    approvalId: string | null;
    /** A supervisor acted on a case assigned to someone else, or overrode an ID block. */
    override: boolean;
    riskFlags: string[];
    versionAfter: number;
  };
  "case.reopened": { caseId: string; ref: string; statusBefore: string; decidedAt: string | null; versionAfter: number };

  // Identity service in (lib/identity) and devices (lib/devices). Ids and codes only.
  "identity.events_ingested": { batchSize: number; accepted: number; duplicates: number; rejected: number };
  "device.authorized": {
    deviceId: string;
    accountId: string;
    reasonCode: string;
    caseId: string | null;
    approvalId: string | null;
    override: boolean;
    statusBefore: string;
    /** Authorised by a login the identity service reported (lib/identity/apply-authorizations.ts): its method, event id and time. */
    method?: string;
    loginEventId?: string;
    loginAt?: string;
  };
  "device.revoked": { deviceId: string; accountId: string; reasonCode: string; caseId: string | null; statusBefore: string; scope: "one" | "all_others" };
  "device.expired": { deviceId: string; accountId: string; lastLoginAt: string | null };
  "approval.requested": { approvalId: string; kind: string; deviceId: string | null; caseId: string | null; reasonCode: string | null };
  "approval.decided": { approvalId: string; kind: string; decision: "APPROVED" | "DECLINED" | "CANCELLED"; requestedById: string };

  // Audit trail, exports and retention (lib/audit, lib/exports, lib/retention). Filters are ids,
  // dates, actions and refs only; never free text typed by customers.
  "audit.searched": { filters: Record<string, string>; rows: number; via: "console" | "api" };
  "audit.exported": {
    exportId: string;
    format: "CSV" | "JSONL";
    mode: "stream" | "background";
    rows: number;
    firstSeq: string | null;
    lastSeq: string | null;
    chainHeadHash: string | null;
    sha256: string | null;
    filters: Record<string, unknown>;
  };
  "audit.export_requested": { exportId: string; format: "CSV" | "JSONL" | "HTML" | "PDF"; filters: Record<string, unknown> };
  "audit.export_failed": { exportId: string; error: string };
  "audit.export_downloaded": { exportId: string; via: "link" };
  "audit.anchored": { seq: string; hash: string; objectKey: string };
  "case.report_generated": { caseId: string; ref: string; format: "HTML" | "PDF"; photos: "redacted" | "shown" };
  "retention.purged": {
    cutoff: string;
    cases: number;
    documents: number;
    skippedHeld: number;
    // Since the unlinked-email purge and orphan sweep joined the run (absent from older entries).
    unlinkedCutoff?: string;
    unlinkedEmails?: number;
    unlinkedDocuments?: number;
    unlinkedSkippedHeld?: number;
    orphanRawObjects?: number;
    /** Cases and emails that could not be purged, plus 1 when the orphan sweep failed; all retried at the next run. */
    failed?: number;
  };
  "case.documents_purged": { caseId: string; ref: string; documents: number; decidedAt: string };
  /** An email no case claimed, past INBOUND_UNLINKED_RETENTION_DAYS: raw payload and document objects deleted, name and subject blanked. */
  "email.purged": { inboundEmailId: string; status: string; documents: number; receivedAt: string };
  "legal_hold.placed": { holdId: string; accountId: string | null; caseId: string | null };
  "legal_hold.released": { holdId: string; accountId: string | null; caseId: string | null };

  // Webhooks out (lib/webhooks).
  "webhook.endpoint_created": { endpointId: string; events: string[] };
  "webhook.endpoint_updated": { endpointId: string; changed: string[] };
  "webhook.endpoint_deleted": { endpointId: string };
  "webhook.delivery_failed": { deliveryId: string; endpointId: string; eventType: string; attempts: number; lastStatus: number | null };
  "webhook.redelivered": { deliveryId: string; endpointId: string; eventType: string };

  // Email to customers (lib/email). Template and ids only, never the rendered text or address.
  "outbound.queued": { outboundEmailId: string; template: string; caseId: string | null; inReplyToId: string | null };
  "outbound.suppressed": { template: string; caseId: string | null; reason: "auto_submitted" | "bulk_or_list" | "own_address" | "daily_limit" | "no_address" };
  "outbound.sent": { outboundEmailId: string; attempts: number };
  "outbound.failed": { outboundEmailId: string; attempts: number; error: string };
}

export type SignInFailure =
  | "unknown_email"
  | "wrong_password"
  | "no_password"
  | "locked"
  | "disabled"
  | "ip_limited"
  | "wrong_code"
  | "not_staff"
  | "email_unverified";

export type AuditAction = keyof AuditActionData;
