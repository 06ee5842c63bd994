import { en } from "@/lib/email/templates/en";

// Words for case decisions: reason codes in plain language (what the agent ticks), and the preview
// of what the customer is told (the English wording of lib/email/templates/en.ts).

export type DecisionKind = "approve" | "reject" | "resubmit" | "escalate";

export { FOUR_EYES_FLAGS, REJECT_REASONS, RESUBMISSION_REASONS } from "@/lib/cases/decision-types";

export const reasonText: Record<string, string> = {
  NAME_MISMATCH: "Name on the ID does not match the account",
  DOCUMENT_UNREADABLE: "Document cannot be read",
  DOCUMENT_EXPIRED: "Document has expired",
  ID_BOUND_TO_OTHER_ACCOUNT: "ID already verifies another account",
  NOT_ACCOUNT_HOLDER: "The person is not the account holder",
  SUSPECTED_FRAUD: "Suspected fraud",
  BLURRY: "Photos are blurry or too dark",
  GLARE: "Reflections hide part of the document",
  CROPPED: "Part of the document is cut off",
  FRONT_MISSING: "The front of the ID is missing",
  BACK_MISSING: "The back of the ID is missing",
  NOT_AN_ID: "The files are not an identity document",
  OTHER: "Something else (explain in the note)",
};

/** The line of the resubmission email that says what is wrong, as the customer will read it. */
export function resubmissionPreview(caseRef: string, codes: readonly string[], note: string): string {
  const reasons = codes.map((c) => (en.reasons as Record<string, string>)[c]).filter(Boolean);
  const text = [reasons.length ? `${reasons.join("; ")}.` : note.trim() ? "" : `${en.noReason}.`, note.trim()].filter(Boolean).join(" ");
  return `We could not finish reviewing case ${caseRef}: ${text}`;
}

export const outcomeText: Record<string, string> = {
  APPROVED: "Approved. The device is authorised and the customer is being emailed.",
  PENDING_SECOND_APPROVAL: "Sent to a second supervisor for approval. The device stays pending until then.",
  REJECTED: "Rejected. The customer is being emailed the reasons.",
  AWAITING_CUSTOMER: "Resubmission requested. The customer is being emailed what to send again.",
  ESCALATED: "Escalated to the supervisors.",
};

export const CASE_SHORTCUTS: [string, string][] = [
  ["a", "Approve (opens the form)"],
  ["r", "Reject (opens the form)"],
  ["s", "Request resubmission (opens the form)"],
  ["e", "Escalate (opens the form)"],
  ["?", "Show this help"],
];
