import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors";

/** The events Gatehouse sends to the identity service. */
export const webhookEventTypes = ["device.authorized", "device.revoked", "device.expired", "case.decided"] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
export const ZWebhookEventType = z.enum(webhookEventTypes);

/** The body of every delivery, in the Standard Webhooks shape. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** ISO 8601, when the event happened. */
  timestamp: string;
  data: Record<string, unknown>;
}

// The event id is the `webhook-id` header (receivers deduplicate on it) and part of the signed content.
const EVENT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const MAX_PAYLOAD_BYTES = 32 * 1024;

// Keys that name personal data. Events carry ids, codes and times only; the identity service
// already holds everything else and looks it up by id.
const PERSONAL_KEYS = /^(e-?mail|phone(number)?|(real|full|first|last)_?name|name|ip|ip_?address|address|document_?number|id_?number|user_?agent)$/i;

export function newEventId(): string {
  return `evt_${randomUUID().replaceAll("-", "")}`;
}

export function assertEventId(id: string): void {
  if (!EVENT_ID.test(id)) throw new AppError("INTERNAL", "webhook event ids are 1-128 characters of A-Z a-z 0-9 _ . : -");
}

function personalKey(value: unknown, path: string): string | null {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = personalKey(v, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      if (PERSONAL_KEYS.test(k)) return `${path}.${k}`;
      const found = personalKey(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

/** Builds the payload; refuses (a programming error) data that names personal fields or is too large. */
export function buildPayload(type: WebhookEventType, data: Record<string, unknown>, occurredAt: Date): WebhookPayload {
  const found = personalKey(data, "data");
  if (found) throw new AppError("INTERNAL", `webhook data must not carry personal data (${found})`);
  // Round-trip through JSON: what is stored (jsonb) is exactly what is sent and signed.
  const payload = JSON.parse(JSON.stringify({ type, timestamp: occurredAt.toISOString(), data })) as WebhookPayload;
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) throw new AppError("INTERNAL", "webhook payload larger than 32 KB");
  return payload;
}
