import { z } from "zod";
import { MAX_DECISION_NOTE, MAX_REOPEN_REASON, MIN_REOPEN_REASON, REJECT_REASONS, RESUBMISSION_REASONS } from "./decision-types";
import { ZCaseRefText } from "./shared";

// Input schemas of the decision use cases (zod); the constants they use are in decision-types.ts.

const ZVersion = z.number("version: the case version you saw").int().min(1, "version: the case version you saw");
const ZNoteText = z
  .string("note: text")
  .trim()
  .max(MAX_DECISION_NOTE, `note: at most ${MAX_DECISION_NOTE.toLocaleString("en")} characters`)
  .optional()
  .transform((v) => (v ? v : undefined));

function reasonCodes<const T extends readonly [string, ...string[]]>(allowed: T, what: string) {
  return z
    .array(z.enum(allowed, `reasonCodes: one of ${allowed.join(", ")}`), "reasonCodes: a list of reason codes")
    .min(1, `reasonCodes: say ${what}`)
    .max(allowed.length)
    .transform((codes) => [...new Set(codes)]);
}

function otherNeedsNote(v: { reasonCodes: readonly string[]; note?: string }, ctx: z.RefinementCtx): void {
  if (v.reasonCodes.includes("OTHER") && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "note: say what is wrong when the reason is Other" });
}

const base = { ref: ZCaseRefText, version: ZVersion, note: ZNoteText };
const noCodes = z.array(z.string()).max(0, "reasonCodes: only for REJECT and REQUEST_RESUBMISSION").optional();

export const ZDecideCaseInput = z.discriminatedUnion(
  "decision",
  [
    z.strictObject({ ...base, decision: z.literal("APPROVE"), reasonCodes: noCodes }),
    z.strictObject({ ...base, decision: z.literal("REJECT"), reasonCodes: reasonCodes(REJECT_REASONS, "why the case is rejected") }).superRefine(otherNeedsNote),
    z
      .strictObject({ ...base, decision: z.literal("REQUEST_RESUBMISSION"), reasonCodes: reasonCodes(RESUBMISSION_REASONS, "what is wrong with the photos") })
      .superRefine(otherNeedsNote),
    z.strictObject({ ...base, decision: z.literal("ESCALATE"), reasonCodes: noCodes }).superRefine((v, ctx) => {
      if (!v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "note: say why you escalate" });
    }),
  ],
  "decision: APPROVE, REJECT, REQUEST_RESUBMISSION or ESCALATE",
);
export type ParsedDecision = z.output<typeof ZDecideCaseInput>;

export const ZDecideSecondApprovalInput = z.strictObject({
  ref: ZCaseRefText,
  decision: z.enum(["APPROVE", "DECLINE"], "decision: APPROVE or DECLINE"),
  note: ZNoteText,
  version: ZVersion,
});

export const ZReopenCaseInput = z.strictObject({
  ref: ZCaseRefText,
  reason: z
    .string("reason: why the case is reopened")
    .trim()
    .min(MIN_REOPEN_REASON, `reason: at least ${MIN_REOPEN_REASON} characters`)
    .max(MAX_REOPEN_REASON, `reason: at most ${MAX_REOPEN_REASON.toLocaleString("en")} characters`),
  version: ZVersion,
});
