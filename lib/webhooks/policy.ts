import { config } from "../config";

/** The delivery settings, from lib/config.ts; tests override them with setWebhookPolicy (as lib/email does its transport). */
export interface WebhookPolicy {
  allowPrivateTargets: boolean;
  timeoutMs: number;
  maxRetryHours: number;
}

let override: Partial<WebhookPolicy> = {};

export function webhookPolicy(): WebhookPolicy {
  return {
    allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxRetryHours: config.WEBHOOK_MAX_RETRY_HOURS,
    ...override,
  };
}

export function setWebhookPolicy(next: Partial<WebhookPolicy>): void {
  override = { ...next };
}
