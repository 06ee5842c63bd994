import type { LanguagePack } from "./types";

const SIGNATURE = "Exchange Support\nWe will never ask for your password, 2FA codes or recovery phrase.";

// English. Admin-edited EmailTemplate rows replace these subjects and texts (lib/email/render.ts).
export const en: LanguagePack = {
  templates: {
    ACKNOWLEDGEMENT: {
      subject: "We received your ID photos",
      text: `{{greeting}}

thank you for your email. We received your ID photos and opened review case {{caseRef}} for the login on your {{deviceName}}.

A member of our support team will review them, usually within {{slaHours}} hours. You do not need to send them again. If you write to us about this login, please keep {{caseRef}} in the subject line.

${SIGNATURE}`,
    },
    WRONG_SENDER: {
      subject: "Please write from the email address on your account",
      text: `{{greeting}}

we received an email with attachments from this address, but it is not the email address bound to an account with us. To protect our customers, we only accept ID photos sent from the email address registered on the account, and we have not processed your attachments.

Please send the front and back of your ID again from that address to {{supportAddress}}. We accept {{acceptedFiles}}.

${SIGNATURE}`,
    },
    RESUBMISSION_REQUEST: {
      subject: "Please send your ID photos again",
      text: `{{greeting}}

we could not finish reviewing case {{caseRef}}: {{reasonText}}

Please reply to this email with clear photos of the front and back of your ID: the whole card in the picture, in good light, without glare, and not covered by your fingers. We accept {{acceptedFiles}}.

${SIGNATURE}`,
    },
    ASK_FOR_JPEG: {
      subject: "Please send your ID photos as JPEG images",
      text: `{{greeting}}

thank you for your email about case {{caseRef}}. {{#files}}We could not display {{files}}. {{/files}}We can only review ID photos sent as JPEG images attached to the email (not links, documents or screenshots inside a PDF).

Please reply to this email with the front and back of your ID as two JPEG photos.

${SIGNATURE}`,
    },
    UNSUPPORTED_ATTACHMENT: {
      subject: "We could not open your attachment",
      text: `{{greeting}}

we could not open the attachments you sent{{#caseRef}} for case {{caseRef}}{{/caseRef}} ({{files}}), so we have not reviewed them.

Please reply to this email with photos of the front and back of your ID, taken with your phone's camera. We accept {{acceptedFiles}}.

${SIGNATURE}`,
    },
    DECISION_APPROVED: {
      subject: "Your new device is authorised",
      text: `{{greeting}}

we have reviewed your ID photos (case {{caseRef}}) and authorised your {{deviceName}}. You can now log in on it.

If you did not ask for this, contact us immediately by replying to this email.

${SIGNATURE}`,
    },
    DECISION_REJECTED: {
      subject: "We could not authorise your new device",
      text: `{{greeting}}

we have reviewed your ID photos (case {{caseRef}}) and could not authorise your {{deviceName}}: {{reasonText}}

You can start again by replying to this email with new photos of the front and back of the ID registered on your account. We accept {{acceptedFiles}}.

${SIGNATURE}`,
    },
  },
  greeting: (name) => (name ? `Hello ${name},` : "Hello,"),
  defaultDevice: "new device",
  reasons: {
    NAME_MISMATCH: "the name on the document does not match the name on your account",
    DOCUMENT_UNREADABLE: "we could not read the document in the photos",
    DOCUMENT_EXPIRED: "the document has expired",
    ID_BOUND_TO_OTHER_ACCOUNT: "this document cannot be used to verify this account",
    NOT_ACCOUNT_HOLDER: "the document does not belong to the account holder",
    SUSPECTED_FRAUD: "we could not verify your identity from the photos you sent",
    OTHER: "",
    BLURRY: "the photos are blurry or too dark to read",
    GLARE: "reflections hide part of the document",
    CROPPED: "part of the document is cut off",
    FRONT_MISSING: "we did not receive the front of your ID",
    BACK_MISSING: "we did not receive the back of your ID",
    NOT_AN_ID: "the files are not photos of an identity document",
  },
  noReason: "we could not verify your identity from the photos you sent",
  acceptedFiles: ({ maxFiles, maxFileMb }) =>
    `JPEG, PNG, WebP or HEIC photos and PDF scans (at most ${maxFiles} files of up to ${maxFileMb} MB each)`,
  joinList: (items) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`),
  quote: (text) => `"${text}"`,
};
