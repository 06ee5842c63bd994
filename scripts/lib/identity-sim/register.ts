import fs from "node:fs";
import path from "node:path";
import { systemActor } from "../../../lib/auth/actor";
import { ensureWebhookEndpoint, type EnsuredEndpoint } from "../../../lib/webhooks/ensure-endpoint";
import { webhookEventTypes } from "../../../lib/webhooks/events";

export const DEFAULT_SECRET_FILE = ".data/identity-sim/webhook-secret";

export function readSecretFile(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim() || null;
  } catch {
    return null;
  }
}

/**
 * Makes sure Gatehouse has a webhook endpoint for the simulator (every event type, active) and
 * that `secretFile` holds its signing secret — idempotent: a second run changes nothing; a lost
 * or stale file gets a rotated secret. Runs as the SYSTEM actor "identity-sim" (audited).
 */
export async function registerSimulator(opts: { url: string; secretFile: string }): Promise<EnsuredEndpoint> {
  const known = readSecretFile(opts.secretFile);
  const result = await ensureWebhookEndpoint(
    { name: "Identity service (local simulator)", url: opts.url, events: [...webhookEventTypes], knownSecret: known },
    { actor: systemActor("identity-sim") },
  );
  if (result.secret !== known) {
    fs.mkdirSync(path.dirname(opts.secretFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(opts.secretFile, `${result.secret}\n`, { mode: 0o600 });
  }
  return result;
}
