import { z } from "zod";

// Input schemas shared by the device actions. The reason lists live in reason-codes.ts (no zod),
// which the console's forms import too.

/**
 * Free text from staff; required when the reason is OTHER (the code alone says nothing then).
 * Stored as Device.decisionNote by the authorise / revoke that changes the device (an approved
 * four-eyes request passes its requester's note), on the review case's timeline when the action
 * names a case, and on the approval request (note; the approver's as decisionNote). Audit entries
 * carry codes only.
 */
export const ZNote = z.string().trim().max(2000, "A note is at most 2,000 characters.").optional();

export const ZCaseRef = z
  .string()
  .trim()
  .max(32, "A case reference looks like GH-000123.")
  .optional()
  .transform((v) => (v ? v : undefined));

/** Issues for the cross-field rules shared by authorise and revoke. */
export function noteRequired(value: { reasonCode: string; note?: string }, ctx: z.RefinementCtx): void {
  if (value.reasonCode === "OTHER" && !value.note) {
    ctx.addIssue({ code: "custom", path: ["note"], message: "Say why in the note when the reason is Other." });
  }
}

/** The JSON body of the /api/v1/devices/{id}/… actions, by shape; the use cases validate the values. */
export const ZDeviceActionBody = z.strictObject({
  reasonCode: z.string().max(64),
  note: z.string().max(4000).optional(),
  caseRef: z.string().max(64).optional(),
});
