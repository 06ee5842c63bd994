import type { CasePriority, OutboundTemplate, Prisma } from "../../../lib/db";

// Settings rows: SLA policy per priority and the customer email templates (plain text, {{variables}}).
// The seed inserts them only when missing, so an admin's edits survive a re-run.

export const slaMinutes: Record<CasePriority, number> = { URGENT: 60, HIGH: 240, NORMAL: 480, LOW: 1440 };

export const slaPolicies: Prisma.SlaPolicyCreateManyInput[] = (Object.keys(slaMinutes) as CasePriority[]).map((priority) => ({
  priority,
  dueMinutes: slaMinutes[priority],
}));

const SIGNATURE = "Exchange Support\nWe will never ask for your password, 2FA codes or recovery phrase.";

/** Every template's variables: caseRef, deviceName, slaHours, reasonText, fileName, supportAddress. */
export const emailTemplates: Record<OutboundTemplate, { subject: string; body: string }> = {
  ACKNOWLEDGEMENT: {
    subject: "We received your ID photos [{{caseRef}}]",
    body: `Hello,

thank you for your email. We received your ID photos and opened review case {{caseRef}} for the login on your {{deviceName}}.

A member of our support team will review them, usually within {{slaHours}} hours. You do not need to send them again. If you write to us about this login, please keep {{caseRef}} in the subject line.

${SIGNATURE}`,
  },
  WRONG_SENDER: {
    subject: "Please write from the email address on your account",
    body: `Hello,

we received an email with attachments from this address, but it is not the email address bound to an account with us. To protect our customers, we only accept ID photos sent from the email address registered on the account, and we have not processed your attachments.

Please send the front and back of your ID again from that address to {{supportAddress}}.

${SIGNATURE}`,
  },
  RESUBMISSION_REQUEST: {
    subject: "Please send your ID photos again [{{caseRef}}]",
    body: `Hello,

we could not finish reviewing case {{caseRef}}: {{reasonText}}

Please reply to this email with clear photos of the front and back of your ID: the whole card in the picture, in good light, without glare, and not covered by your fingers.

${SIGNATURE}`,
  },
  ASK_FOR_JPEG: {
    subject: "Please send your ID photos as JPEG images [{{caseRef}}]",
    body: `Hello,

thank you for your email about case {{caseRef}}. We can only review ID photos sent as JPEG images attached to the email (not links, documents or screenshots inside a PDF).

Please reply to this email with the front and back of your ID as two JPEG photos.

${SIGNATURE}`,
  },
  UNSUPPORTED_ATTACHMENT: {
    subject: "We could not open your attachment [{{caseRef}}]",
    body: `Hello,

we could not open the attachment "{{fileName}}" you sent for case {{caseRef}}, so we have not reviewed it.

Please reply to this email with the front and back of your ID as JPEG photos taken with your phone's camera.

${SIGNATURE}`,
  },
  DECISION_APPROVED: {
    subject: "Your new device is authorised [{{caseRef}}]",
    body: `Hello,

we have reviewed your ID photos (case {{caseRef}}) and authorised your {{deviceName}}. You can now log in on it.

If you did not ask for this, contact us immediately by replying to this email.

${SIGNATURE}`,
  },
  DECISION_REJECTED: {
    subject: "We could not authorise your new device [{{caseRef}}]",
    body: `Hello,

we have reviewed your ID photos (case {{caseRef}}) and could not authorise your {{deviceName}}: {{reasonText}}

You can start again by replying to this email with new photos of the front and back of the ID registered on your account.

${SIGNATURE}`,
  },
};

export const emailTemplateRows: Prisma.EmailTemplateCreateManyInput[] = (Object.keys(emailTemplates) as OutboundTemplate[]).map((template) => ({
  template,
  subject: emailTemplates[template].subject,
  body: emailTemplates[template].body,
}));

/** Plain-text rendering for the seed's own outbound rows (the delivery worker owns the real one). */
export function renderSubject(template: OutboundTemplate, vars: Record<string, string>): string {
  return emailTemplates[template].subject.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? "");
}
