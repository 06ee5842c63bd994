import { config } from "../../config";

/** Everything the edge needs from the configuration; tests may override parts of it. */
export interface EdgeSettings {
  maxBytes: number;
  toleranceSeconds: number;
  postmark: { username: string; password: string };
  mailgunSigningKey: string;
  sendgrid: { username: string; password: string; publicKey: string | null };
  mimeSecret: string;
}

export function edgeSettings(): EdgeSettings {
  return {
    maxBytes: config.INBOUND_MAX_BYTES,
    toleranceSeconds: config.INBOUND_TIMESTAMP_TOLERANCE_SECONDS,
    postmark: { username: config.POSTMARK_INBOUND_USERNAME, password: config.POSTMARK_INBOUND_PASSWORD },
    mailgunSigningKey: config.MAILGUN_SIGNING_KEY,
    sendgrid: { username: config.SENDGRID_INBOUND_USERNAME, password: config.SENDGRID_INBOUND_PASSWORD, publicKey: config.SENDGRID_PUBLIC_KEY || null },
    mimeSecret: config.INBOUND_MIME_SECRET,
  };
}
