import type { BadgeTone } from "@/components/ui/badge";

// Words and colours for review cases, shared by the queue and the case page.

export { caseStatusText } from "@/components/accounts/labels";

export const priorityText: Record<string, { label: string; tone: BadgeTone }> = {
  URGENT: { label: "Urgent", tone: "red" },
  HIGH: { label: "High", tone: "amber" },
  NORMAL: { label: "Normal", tone: "slate" },
  LOW: { label: "Low", tone: "slate" },
};

export const riskFlagText: Record<string, string> = {
  DUPLICATE_ID: "ID bound to another account",
  NAME_MISMATCH: "Name mismatch",
  REUSED_PHOTO: "Reused photo",
  IP_MISMATCH: "IP mismatch",
  NEW_COUNTRY: "New country",
  NEW_NETWORK: "New network",
  MANY_FAILURES: "Many failed logins",
  SENDER_AUTH_FAILED: "Sender checks failed",
  DISPLAY_NAME_SPOOF: "Display-name spoof",
};

export const slaText: Record<string, string> = { breached: "Breached", due_soon: "Due soon", ok: "On time" };

export const viewText: Record<string, { label: string; empty: string }> = {
  mine: { label: "My cases", empty: "You have no open cases. Claim the next one to start." },
  unassigned: { label: "Unassigned", empty: "Every open case has an assignee." },
  breaching: { label: "Breaching SLA", empty: "No open case has breached its SLA." },
  awaiting_customer: { label: "Awaiting customer", empty: "No case is waiting for the customer." },
  escalated: { label: "Escalated", empty: "No case is escalated." },
  open: { label: "All open", empty: "No open cases. New ones arrive when customers email their ID photos." },
  decided: { label: "Decided", empty: "No case has been decided yet." },
};

export const documentSideText: Record<string, string> = { FRONT: "Front", BACK: "Back", UNKNOWN: "Unknown side" };

export const eventText: Record<string, string> = {
  CREATED: "Case opened",
  EMAIL_RECEIVED: "Email received",
  DOCUMENT_ADDED: "Document added",
  CLAIMED: "Claimed",
  ASSIGNED: "Assigned",
  RELEASED: "Released",
  NOTE_ADDED: "Note added",
  RESUBMISSION_REQUESTED: "Resubmission requested",
  CUSTOMER_REPLIED: "Customer replied",
  ESCALATED: "Escalated",
  APPROVAL_REQUESTED: "Second approval requested",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  REOPENED: "Reopened",
  SLA_BREACHED: "SLA breached",
  CUSTOMER_EMAILED: "Customer emailed",
  DEVICE_AUTHORIZED: "Device authorised",
  PHOTOS_PURGED: "Photos purged",
};

/** "customer.name@example.com" → "cu•••@example.com": enough to tell accounts apart in a list. */
export function maskEmail(email: string | null): string {
  if (!email) return "—";
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${email.slice(0, Math.min(2, at))}•••${email.slice(at)}`;
}

export const caseHref = (ref: string): string => `/cases/${encodeURIComponent(ref)}`;
