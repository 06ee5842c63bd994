import type { DeviceActionReason } from "../generated/prisma/enums";

// Which reason codes fit which action. Plain constants: the console's forms import them for their
// selects and the use cases validate against them, so a reason that makes no sense is refused.

/** Reasons for authorising a device. CASE_APPROVED only together with a review case. */
export const AUTHORIZE_REASONS = ["CASE_APPROVED", "IDENTITY_CONFIRMED", "CUSTOMER_REQUEST", "POLICY", "OTHER"] as const satisfies readonly DeviceActionReason[];

/** Reasons for revoking one device or all others. */
export const REVOKE_REASONS = ["CUSTOMER_REQUEST", "LOST_OR_STOLEN", "SUSPECTED_COMPROMISE", "SUSPECTED_FRAUD", "POLICY", "OTHER"] as const satisfies readonly DeviceActionReason[];

export type AuthorizeReason = (typeof AUTHORIZE_REASONS)[number];
export type RevokeReason = (typeof REVOKE_REASONS)[number];
