import { timingSafeEqual } from "node:crypto";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { createWebhookEndpointUnchecked, type TCreateWebhookEndpointInput } from "./create-endpoint";
import { rotateWebhookSecretUnchecked } from "./rotate-endpoint-secret";
import { toEndpointView, type WebhookEndpointView } from "./shared";
import { updateWebhookEndpointUnchecked } from "./update-endpoint";

export interface EnsuredEndpoint {
  endpoint: WebhookEndpointView;
  /** The signing secret: `knownSecret` when it is still the endpoint's, else a new one (created or rotated). */
  secret: string;
  outcome: "created" | "updated" | "rotated" | "unchanged";
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Makes sure an endpoint with this URL exists, is active and receives at least these events —
 * idempotent, for set-up scripts (scripts/up.sh registers the local identity-service simulator)
 * acting as a SYSTEM actor; every change is audited like an admin's. The caller keeps the secret
 * (e.g. in a file) and passes it back as `knownSecret`; when it no longer matches, the secret is
 * rotated and the new one returned.
 */
export async function ensureWebhookEndpoint(input: TCreateWebhookEndpointInput & { knownSecret?: string | null }, opts: { actor: Actor }): Promise<EnsuredEndpoint> {
  const { knownSecret, ...create } = input;
  const existing = await db.webhookEndpoint.findFirst({ where: { url: new URL(create.url).toString() }, orderBy: { createdAt: "asc" }, omit: { secret: false } });
  if (!existing) {
    const made = await createWebhookEndpointUnchecked(create, opts);
    return { ...made, outcome: "created" };
  }
  let outcome: EnsuredEndpoint["outcome"] = "unchanged";
  let view = toEndpointView(existing);
  const missing = create.events.filter((e) => !existing.events.includes(e));
  if (!existing.active || missing.length > 0) {
    view = await updateWebhookEndpointUnchecked({ endpointId: existing.id, active: true, events: [...view.events, ...missing] }, opts);
    outcome = "updated";
  }
  if (knownSecret && same(knownSecret, existing.secret)) return { endpoint: view, secret: knownSecret, outcome };
  const rotated = await rotateWebhookSecretUnchecked({ endpointId: existing.id }, opts);
  return { endpoint: rotated.endpoint, secret: rotated.secret, outcome: "rotated" };
}
