import type { StaffRole } from "../generated/prisma/enums";

// The one permission table: every permission, whether it changes state, and which roles hold it.
// `stepUp`: the action also needs a password or TOTP confirmation from the last few minutes.
// Deny by default: a permission no role lists is granted to nobody. Per-record rules (assignee,
// four-eyes, token ceilings) live in authorize.ts on top of this table.

export const PERMISSIONS = {
  "queue.read": { mutates: false, description: "See the review queue, cases and their timelines" },
  "case.claim": { mutates: true, description: "Claim a case (claim-next or a specific unassigned one)" },
  "case.note": { mutates: true, description: "Add an internal note to a case" },
  "case.decide": { mutates: true, description: "Approve or reject a case, or request resubmission" },
  "case.escalate": { mutates: true, description: "Escalate a case to supervisors" },
  "case.assign": { mutates: true, description: "Assign, reassign or bulk-assign cases; take over a case" },
  "case.reopen": { mutates: true, description: "Reopen a decided case within the window" },
  "case.approve_second": { mutates: true, description: "Give the second (four-eyes) approval" },
  "document.view": { mutates: false, description: "View ID photos (each view is audited)" },
  "account.read": { mutates: false, description: "See accounts, devices and login history" },
  "device.authorize": { mutates: true, stepUp: true, description: "Authorise a device" },
  "device.revoke": { mutates: true, stepUp: true, description: "Revoke a device, or all other devices" },
  "device.override_block": { mutates: true, stepUp: true, description: "Authorise despite an ID bound to another account" },
  "email.link": { mutates: true, description: "Link an unmatched email to an account" },
  "email.reply": { mutates: true, description: "Send a templated reply to a customer (e.g. ask for a JPEG)" },
  "inbound.read": { mutates: false, description: "See inbound emails: status, sender, match, vetting verdicts, errors" },
  "inbound.retry": { mutates: true, description: "Retry an inbound email that failed processing (dead-letter list)" },
  "audit.read": { mutates: false, description: "Search the audit trail" },
  "audit.export": { mutates: false, stepUp: true, description: "Export the audit trail and case reports" },
  "audit.verify": { mutates: false, description: "Recompute and check the audit hash chain" },
  "staff.read": { mutates: false, description: "See staff members, sessions and lockouts" },
  "staff.manage": { mutates: true, stepUp: true, description: "Create, disable, change role, reset MFA, revoke sessions" },
  "retention.manage": { mutates: true, stepUp: true, description: "Place and release legal holds that block the retention purge" },
  "settings.manage": { mutates: true, description: "Change SLA settings, email templates, webhook endpoints" },
  "token.manage_own": { mutates: true, description: "Create and revoke one's own API tokens" },
} as const satisfies Record<string, { mutates: boolean; stepUp?: true; description: string }>;

export type Permission = keyof typeof PERMISSIONS;

const AGENT = [
  "queue.read", "case.claim", "case.note", "case.decide", "case.escalate",
  "document.view", "account.read", "device.authorize", "device.revoke", "email.link", "email.reply", "inbound.read", "token.manage_own",
] as const satisfies readonly Permission[];

export const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  AGENT,
  SUPERVISOR: [...AGENT, "case.assign", "case.reopen", "case.approve_second", "device.override_block", "audit.read", "staff.read", "inbound.retry"],
  // Auditors change nothing in the product: read-only permissions plus their own API tokens.
  AUDITOR: ["queue.read", "account.read", "inbound.read", "audit.read", "audit.export", "audit.verify", "token.manage_own"],
  // Administrators run the console; they do not decide cases or view documents (separation of duties).
  ADMIN: ["queue.read", "account.read", "inbound.read", "inbound.retry", "audit.read", "audit.export", "audit.verify", "staff.read", "staff.manage", "settings.manage", "retention.manage", "token.manage_own"],
};

const granted = new Map(Object.entries(ROLE_PERMISSIONS).map(([role, perms]) => [role, new Set<Permission>(perms)]));

export function roleHas(role: StaffRole, permission: Permission): boolean {
  return granted.get(role)?.has(permission) ?? false;
}

/** True when `lower` holds no permission `upper` lacks: a token may carry its owner's role or a lower one. */
export function roleAtOrBelow(lower: StaffRole, upper: StaffRole): boolean {
  return ROLE_PERMISSIONS[lower].every((p) => roleHas(upper, p));
}

/** Whether `permission` needs a recent password or TOTP confirmation (step-up). */
export function needsStepUp(permission: Permission): boolean {
  return "stepUp" in PERMISSIONS[permission];
}
