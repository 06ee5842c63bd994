import type { CaseStatus, DeviceStatus, RejectReason, RiskFlag } from "../generated/prisma/enums";

// The case-decision contract: what the case workspace (app/(console)/cases/[ref]), the JSON API
// (/api/v1/cases/{ref}/decision, /second-approval, /reopen) and the use cases exchange. Plain
// constants, no zod: the console's forms import them. Implementations: decide.ts,
// decide-approve.ts, second-approval.ts, reopen.ts.

export const CASE_DECISIONS = ["APPROVE", "REJECT", "REQUEST_RESUBMISSION", "ESCALATE"] as const;
export type CaseDecision = (typeof CASE_DECISIONS)[number];

/** Risk flags that make an approval wait for a second supervisor (four-eyes). */
export const FOUR_EYES_FLAGS = ["DUPLICATE_ID", "NAME_MISMATCH", "REUSED_PHOTO", "IP_MISMATCH"] as const satisfies readonly RiskFlag[];

/** Why a case is rejected (the RejectReason enum). OTHER needs a note. */
export const REJECT_REASONS = ["NAME_MISMATCH", "DOCUMENT_UNREADABLE", "DOCUMENT_EXPIRED", "ID_BOUND_TO_OTHER_ACCOUNT", "NOT_ACCOUNT_HOLDER", "SUSPECTED_FRAUD", "OTHER"] as const satisfies readonly RejectReason[];

/**
 * What is wrong with the photos when asking for new ones: each has customer wording in
 * lib/email/templates (EMAIL_REASON_CODES). OTHER needs a note. Reasons a new photo cannot fix
 * (another account's ID, not the holder, fraud) are rejections, not resubmissions.
 */
export const RESUBMISSION_REASONS = ["DOCUMENT_UNREADABLE", "DOCUMENT_EXPIRED", "NAME_MISMATCH", "BLURRY", "GLARE", "CROPPED", "FRONT_MISSING", "BACK_MISSING", "NOT_AN_ID", "OTHER"] as const;
export type ResubmissionReason = (typeof RESUBMISSION_REASONS)[number];

/** Notes on decisions are at most this long (the escalation note is required). */
export const MAX_DECISION_NOTE = 2000;
export const MIN_REOPEN_REASON = 10;
export const MAX_REOPEN_REASON = 2000;

export type TDecideCaseInput = { ref: string; decision: CaseDecision | string; reasonCodes?: string[]; note?: string; version: number };
export type TDecideSecondApprovalInput = { ref: string; decision: "APPROVE" | "DECLINE" | string; note?: string; version: number };
export type TReopenCaseInput = { ref: string; reason: string; version: number };

export type DecisionOutcome = "APPROVED" | "PENDING_SECOND_APPROVAL" | "REJECTED" | "AWAITING_CUSTOMER" | "ESCALATED";

export interface DecideCaseResult {
  ref: string;
  status: CaseStatus;
  /** The case version after the decision (send it with the next write). */
  version: number;
  outcome: DecisionOutcome;
  /** The four-eyes request (PENDING_SECOND_APPROVAL), or the one an approval carried out. */
  approvalId: string | null;
  /** The device the case is about (authorised when the outcome is APPROVED). */
  deviceId: string | null;
  /** The `case.decided` webhook event id (APPROVED, REJECTED); device.authorized has its own. */
  webhookEventId: string | null;
  /** The customer email queued (null: none for this decision, or suppressed by a lib/email rule, which is audited). */
  outboundEmailId: string | null;
}

/** DECLINED: the case is back IN_REVIEW with its assignee (NEW when it has none). */
export type SecondApprovalResult = Omit<DecideCaseResult, "outcome"> & { outcome: "APPROVED" | "DECLINED" };

export interface ReopenCaseResult {
  ref: string;
  status: CaseStatus;
  version: number;
  reopenedAt: string;
  /**
   * The case's device as it is now. Reopening never changes it: an authorised device stays
   * authorised until someone revokes it (a separate device action, POST /api/v1/devices/{id}/revoke).
   */
  device: { id: string; status: DeviceStatus } | null;
  deviceUnchanged: true;
}
