// The identity service in: signed event batches (POST /api/v1/identity/events) mirrored into
// Account / Device / LoginEvent. See docs/IDENTITY-API.md.
export { receiveIdentityEvents, IDENTITY_EVENTS_MAX_BYTES, type ReceiveEventsOptions } from "./receive-events";
export {
  ingestIdentityEvents,
  assertBatchSize,
  IDENTITY_SERVICE_ACTOR,
  type IngestOptions,
  type IngestResult,
  type RejectedEvent,
} from "./ingest-events";
export { IDENTITY_SIGNATURE_HEADER, verifySignature } from "./signature";
export { EVENT_TYPES, ZIdentityEvent, type IdentityEvent, type IdentityEventType } from "./schemas";
