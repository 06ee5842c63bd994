import { z } from "zod";
import { AppError } from "../errors";
import type { Prisma, Tx } from "../db";
import { ZWebhookEventType, type WebhookEventType } from "./events";

// Helpers shared by the webhook use cases in this folder. Not a use case: no permission checks here.

export interface WebhookEndpointView {
  id: string;
  name: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const endpointSelect = { id: true, name: true, url: true, events: true, active: true, createdAt: true, updatedAt: true } as const satisfies Prisma.WebhookEndpointSelect;

export function toEndpointView(row: { id: string; name: string; url: string; events: string[]; active: boolean; createdAt: Date; updatedAt: Date }): WebhookEndpointView {
  const events = row.events.filter((e): e is WebhookEventType => ZWebhookEventType.safeParse(e).success);
  return { id: row.id, name: row.name, url: row.url, events, active: row.active, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export const ZEndpointName = z.string().trim().min(1, "Give the endpoint a name.").max(100, "Names are at most 100 characters.");
export const ZEndpointUrl = z.string().trim().min(1, "Enter the URL.").max(2048, "URLs are at most 2,048 characters.");
export const ZEndpointEvents = z
  .array(ZWebhookEventType)
  .min(1, "Choose at least one event.")
  .max(20)
  .transform((list) => [...new Set(list)]);

/** An id from a URL or form; anything that is not a UUID cannot name a row. */
export function parseId(value: unknown, what: "endpoint" | "delivery"): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new AppError("NOT_FOUND", `No webhook ${what} with this id.`);
  return parsed.data.toLowerCase();
}

export async function loadEndpoint(tx: Tx, endpointId: string) {
  const row = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: endpointSelect });
  if (!row) throw new AppError("NOT_FOUND", "No webhook endpoint with this id.");
  return row;
}

export const endpointTarget = (id: string) => ({ type: "WebhookEndpoint", id });
