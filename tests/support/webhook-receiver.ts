// The identity-service simulator's webhook receiver (scripts/lib/identity-sim/receiver.ts) for
// tests: verifies Standard Webhooks signatures, deduplicates by webhook-id, can play "down" (503).
export { startWebhookReceiver, type ReceivedEvent, type ReceiverMode, type ReceiverOptions, type WebhookReceiver } from "../../scripts/lib/identity-sim/receiver";
