import type { BadgeTone } from "@/components/ui/badge";

// Words and colours for accounts, devices, logins and cases, shared by the account pages.

export const kycText: Record<string, { label: string; tone: BadgeTone }> = {
  VERIFIED: { label: "Identity verified", tone: "emerald" },
  PENDING: { label: "Verification pending", tone: "amber" },
  REJECTED: { label: "Verification rejected", tone: "red" },
  UNVERIFIED: { label: "Not identity-verified", tone: "slate" },
};

export const deviceStatusText: Record<string, { label: string; tone: BadgeTone; hint: string }> = {
  AUTHORIZED: { label: "Authorised", tone: "emerald", hint: "May log in. Expires after 30 days without a login." },
  PENDING: { label: "Pending", tone: "amber", hint: "Seen, not authorised yet." },
  REVOKED: { label: "Revoked", tone: "red", hint: "Authorisation withdrawn by staff." },
  EXPIRED: { label: "Expired", tone: "slate", hint: "No login for 30 days; must be authorised again." },
};

export const platformText: Record<string, string> = { IOS: "iOS", ANDROID: "Android", WEB: "Web", DESKTOP: "Desktop", OTHER: "Other" };

export const methodText: Record<string, string> = { FACE: "Face check", OLD_DEVICE: "Old-device approval", SECURITY_ITEMS: "Security items", MANUAL: "By staff" };

export const outcomeText: Record<string, { label: string; tone: BadgeTone }> = {
  SUCCESS: { label: "Success", tone: "emerald" },
  FAILURE: { label: "Failed", tone: "red" },
  PENDING_REVIEW: { label: "Pending review", tone: "amber" },
};

export const failureText: Record<string, string> = {
  LIVENESS_FAILED: "Liveness failed",
  FACE_MISMATCH: "Face mismatch",
  IP_MISMATCH: "IP mismatch",
  CODE_WRONG: "Wrong code",
  CODE_EXPIRED: "Code expired",
  OLD_DEVICE_DECLINED: "Old device declined",
  OLD_DEVICE_TIMEOUT: "Old device did not answer",
  DEVICE_NOT_AUTHORIZED: "Device not authorised",
  ACCOUNT_LOCKED: "Account locked",
  OTHER: "Other",
};

export const reasonText: Record<string, string> = {
  CASE_APPROVED: "case approved",
  IDENTITY_CONFIRMED: "identity confirmed",
  CUSTOMER_REQUEST: "customer request",
  LOST_OR_STOLEN: "lost or stolen",
  SUSPECTED_COMPROMISE: "suspected compromise",
  SUSPECTED_FRAUD: "suspected fraud",
  POLICY: "policy",
  OTHER: "other",
};

export const caseStatusText: Record<string, { label: string; tone: BadgeTone }> = {
  NEW: { label: "New", tone: "brand" },
  IN_REVIEW: { label: "In review", tone: "brand" },
  AWAITING_CUSTOMER: { label: "Awaiting customer", tone: "amber" },
  ESCALATED: { label: "Escalated", tone: "red" },
  PENDING_SECOND_APPROVAL: { label: "Awaiting second approval", tone: "amber" },
  APPROVED: { label: "Approved", tone: "emerald" },
  REJECTED: { label: "Rejected", tone: "slate" },
};

export const securityItemText: Record<string, string> = { EMAIL_CODE: "Email code", SMS_CODE: "SMS code", AUTHENTICATOR_CODE: "Authenticator code" };

export const matchText: Record<string, string> = { uid: "Account uid", email: "Email", phone: "Phone", device: "Device id", ip: "Login IP" };

export interface LoginFilterState {
  device?: string;
  method?: string;
  outcome?: string;
  /** yyyy-mm-dd, UTC. */
  from?: string;
  /** yyyy-mm-dd, UTC, inclusive. */
  to?: string;
  cursor?: string;
}

/** The account page with the given login filters; empty values are left out so URLs stay short. */
export function accountHref(uid: string, state: LoginFilterState = {}): string {
  const params = new URLSearchParams();
  for (const key of ["device", "method", "outcome", "from", "to", "cursor"] as const) {
    const v = state[key];
    if (v) params.set(key, v);
  }
  const qs = params.toString();
  const base = `/accounts/${encodeURIComponent(uid)}`;
  return qs ? `${base}?${qs}#logins` : base;
}

/** "in 12 days", "in 1 day", "within a day". */
export function daysLeftText(days: number): string {
  if (days <= 0) return "within a day";
  if (days === 1) return "in 1 day";
  return `in ${days} days`;
}
