import type { CasePriority, CaseStatus, EmailProvider, RejectReason, RiskFlag } from "../../../lib/db";
import type { DemoStaffMember } from "../demo-staff";

// The demo review cases, one line each, so the world reads like a story: every CaseStatus, every
// priority, SLA breaches, risk flags, a duplicate-ID pair, a resubmission, four-eyes approvals.

type StaffKey = DemoStaffMember["key"];

export interface CaseScenario {
  account: number;
  status: CaseStatus;
  priority: CasePriority;
  /** Case opened this many minutes before the seed runs. */
  age: number;
  flags?: RiskFlag[];
  provider: EmailProvider;
  assignee?: StaffKey;
  /** Minutes after opening. */
  claimedAfter?: number;
  /** Minutes after opening: decision, escalation, resubmission request or approval request. */
  actedAfter?: number;
  decider?: StaffKey;
  rejectReasons?: RejectReason[];
  /** The photos show another account's ID card (duplicate ID). */
  cardOf?: number;
  /** The photos show a card that does not match the KYC record. */
  card?: "otherName" | "expired";
  /** First email carried the front only; the back was asked for. */
  onlyFront?: boolean;
  /** The first photos were blurred. */
  blurry?: boolean;
  /** The customer answered a resubmission request with new photos. */
  replied?: boolean;
  senderAuthFailed?: boolean;
  displayNameSpoof?: boolean;
  note?: string;
  decisionNote?: string;
}

const H = 60;
const D = 24 * H;

export const caseScenarios: CaseScenario[] = [
  // NEW: the unassigned queue
  { account: 0, status: "NEW", priority: "URGENT", age: 25, flags: ["IP_MISMATCH", "NEW_COUNTRY"], provider: "POSTMARK" },
  { account: 1, status: "NEW", priority: "HIGH", age: 70, provider: "MAILGUN" },
  { account: 2, status: "NEW", priority: "NORMAL", age: 140, provider: "SENDGRID" },
  { account: 4, status: "NEW", priority: "NORMAL", age: 200, flags: ["MANY_FAILURES"], provider: "POSTMARK" },
  { account: 5, status: "NEW", priority: "LOW", age: 320, provider: "MIME" },
  { account: 6, status: "NEW", priority: "NORMAL", age: 9 * H + 20, flags: ["NEW_NETWORK"], provider: "POSTMARK" },
  { account: 7, status: "NEW", priority: "HIGH", age: 5 * H, flags: ["SENDER_AUTH_FAILED"], provider: "MAILGUN", senderAuthFailed: true },
  { account: 8, status: "NEW", priority: "NORMAL", age: 35, flags: ["DISPLAY_NAME_SPOOF"], provider: "SENDGRID", displayNameSpoof: true },
  { account: 9, status: "NEW", priority: "NORMAL", age: 15, provider: "POSTMARK" },
  // IN_REVIEW: claimed by agents
  { account: 10, status: "IN_REVIEW", priority: "NORMAL", age: 95, provider: "POSTMARK", assignee: "agent1", claimedAfter: 60 },
  { account: 11, status: "IN_REVIEW", priority: "HIGH", age: 3 * H, flags: ["IP_MISMATCH"], provider: "MAILGUN", assignee: "agent1", claimedAfter: 30, note: "Face check and code entry came from different networks (home broadband vs mobile). Asking the customer which device they used." },
  { account: 12, status: "IN_REVIEW", priority: "NORMAL", age: 400, flags: ["NAME_MISMATCH"], provider: "SENDGRID", assignee: "agent2", claimedAfter: 200, card: "otherName", note: "Surname on the card differs from the KYC record. Possibly a name change after marriage; checking before deciding." },
  { account: 13, status: "IN_REVIEW", priority: "URGENT", age: 150, provider: "POSTMARK", assignee: "agent2", claimedAfter: 70 },
  { account: 14, status: "IN_REVIEW", priority: "NORMAL", age: 26 * H, provider: "MIME", assignee: "agent1", claimedAfter: 40, actedAfter: 55, blurry: true, replied: true, note: "First photos were too blurred to read the document number. New photos arrived; these are sharp." },
  // AWAITING_CUSTOMER: resubmission requested
  { account: 15, status: "AWAITING_CUSTOMER", priority: "NORMAL", age: 30 * H, provider: "POSTMARK", assignee: "agent1", claimedAfter: 45, actedAfter: 60, onlyFront: true },
  { account: 16, status: "AWAITING_CUSTOMER", priority: "LOW", age: 50 * H, provider: "MAILGUN", assignee: "agent2", claimedAfter: 120, actedAfter: 140, blurry: true },
  // ESCALATED
  { account: 28, status: "ESCALATED", priority: "HIGH", age: 22 * H, flags: ["DUPLICATE_ID", "REUSED_PHOTO"], provider: "SENDGRID", assignee: "supervisor", claimedAfter: 50, actedAfter: 75, cardOf: 3, note: "This ID is already bound to another verified account, and the photos are byte-identical to an earlier case. Escalated: do not approve without a supervisor override." },
  { account: 17, status: "ESCALATED", priority: "NORMAL", age: 8 * H, flags: ["NEW_COUNTRY", "NEW_NETWORK", "MANY_FAILURES"], provider: "POSTMARK", assignee: "supervisor", claimedAfter: 30, actedAfter: 45, note: "Login attempts from a datacenter network in a country the customer has never logged in from." },
  // PENDING_SECOND_APPROVAL: four-eyes
  { account: 18, status: "PENDING_SECOND_APPROVAL", priority: "HIGH", age: 5 * H, flags: ["IP_MISMATCH"], provider: "MAILGUN", assignee: "supervisor", claimedAfter: 20, actedAfter: 50 },
  { account: 19, status: "PENDING_SECOND_APPROVAL", priority: "NORMAL", age: 7 * H, provider: "POSTMARK", assignee: "agent1", claimedAfter: 35, actedAfter: 60 },
  // APPROVED
  { account: 20, status: "APPROVED", priority: "NORMAL", age: 2 * D, provider: "POSTMARK", assignee: "agent1", claimedAfter: 90, actedAfter: 110, decider: "agent1", decisionNote: "Name, date of birth and document number match the KYC record." },
  { account: 21, status: "APPROVED", priority: "HIGH", age: 5 * D, provider: "SENDGRID", assignee: "agent2", claimedAfter: 30, actedAfter: 45, decider: "agent2" },
  { account: 3, status: "APPROVED", priority: "NORMAL", age: 20 * D, provider: "MAILGUN", assignee: "agent1", claimedAfter: 200, actedAfter: 230, decider: "agent1" },
  { account: 22, status: "APPROVED", priority: "LOW", age: 45 * D, provider: "MIME", assignee: "agent2", claimedAfter: 600, actedAfter: 640, decider: "agent2" },
  { account: 23, status: "APPROVED", priority: "NORMAL", age: 12 * D, flags: ["IP_MISMATCH"], provider: "POSTMARK", assignee: "supervisor", claimedAfter: 100, actedAfter: 130, decider: "supervisor2", decisionNote: "Second approval: customer confirmed by phone that the web session was on office Wi-Fi." },
  // REJECTED
  { account: 9, status: "REJECTED", priority: "NORMAL", age: 15 * D, provider: "POSTMARK", assignee: "agent2", claimedAfter: 80, actedAfter: 95, decider: "agent2", card: "expired", rejectReasons: ["DOCUMENT_EXPIRED"] },
  { account: 24, status: "REJECTED", priority: "NORMAL", age: 9 * D, flags: ["NAME_MISMATCH"], provider: "MAILGUN", assignee: "agent1", claimedAfter: 50, actedAfter: 70, decider: "agent1", card: "otherName", rejectReasons: ["NAME_MISMATCH"] },
  { account: 29, status: "REJECTED", priority: "HIGH", age: 25 * D, flags: ["SENDER_AUTH_FAILED"], provider: "SENDGRID", assignee: "supervisor", claimedAfter: 40, actedAfter: 90, decider: "supervisor", card: "otherName", senderAuthFailed: true, rejectReasons: ["NOT_ACCOUNT_HOLDER", "SUSPECTED_FRAUD"], decisionNote: "Sender failed SPF/DMARC and the ID belongs to someone else." },
  { account: 25, status: "REJECTED", priority: "NORMAL", age: 3 * D, provider: "POSTMARK", assignee: "agent2", claimedAfter: 120, actedAfter: 150, decider: "agent2", blurry: true, rejectReasons: ["DOCUMENT_UNREADABLE"] },
];

/** Scenarios in the order cases are numbered: oldest first, as intake would have opened them. */
export const scenariosOldestFirst = () => [...caseScenarios].sort((a, b) => b.age - a.age);
