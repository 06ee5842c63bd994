import { config } from "../config";
import { AppError, isAppError, toErrorBody } from "../errors";
import type { RequestContext } from "../http/request-context";
import { logger } from "../log";
import { assertNotBlocked, recordAuthFailure } from "../intake/edge/auth-failures";
import { requireMediaType } from "../intake/edge/media-type";
import { readCappedBody } from "../intake/edge/read-body";
import { claimOnce, releaseClaims } from "../intake/edge/replay-cache";
import { assertBatchSize, ingestIdentityEvents } from "./ingest-events";
import { IDENTITY_SIGNATURE_HEADER, verifySignature } from "./signature";

// POST /api/v1/identity/events: the identity service's signed batches. Order of checks: failed-auth
// brake per IP (429), media type (415), capped body (413), signature on the raw bytes (401) —
// before anything is parsed or written — then JSON shape (400), batch size (413), one use of the
// signature (401 replayed), and the batch (200).

/** Largest body accepted: 1,000 events of a few hundred bytes fit many times over. */
export const IDENTITY_EVENTS_MAX_BYTES = 5 * 1024 * 1024;

export interface ReceiveEventsOptions {
  /** Tests: the clock in ms since 1970 (signature freshness). */
  now?: number;
  secret?: string;
  maxBytes?: number;
  maxBatch?: number;
  toleranceSeconds?: number;
}

const noStore = { "cache-control": "no-store" };

function parseBatch(raw: Uint8Array): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new AppError("INVALID_INPUT", "The body is not valid UTF-8 JSON.");
  }
  const events = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as { events?: unknown }).events : undefined;
  if (!Array.isArray(events)) throw new AppError("INVALID_INPUT", 'The body must be a JSON object with an "events" array: {"events": [...]}.');
  return events;
}

export async function receiveIdentityEvents(req: Request, request: RequestContext, options: ReceiveEventsOptions = {}): Promise<Response> {
  const toleranceSeconds = options.toleranceSeconds ?? config.INBOUND_TIMESTAMP_TOLERANCE_SECONDS;
  const maxBatch = options.maxBatch ?? config.IDENTITY_EVENTS_MAX_BATCH;
  try {
    await assertNotBlocked(request);
    requireMediaType(req.headers.get("content-type"), ["application/json"], "Identity events");
    const raw = await readCappedBody(req, options.maxBytes ?? IDENTITY_EVENTS_MAX_BYTES, { requestId: request.requestId });
    const signature = verifySignature(raw, req.headers.get(IDENTITY_SIGNATURE_HEADER), {
      secret: options.secret ?? config.IDENTITY_EVENTS_SECRET,
      nowMs: options.now ?? Date.now(),
      toleranceSeconds,
    });
    const events = parseBatch(raw);
    assertBatchSize(events.length, maxBatch);
    // Last before the work: a claim is only taken for a request that is otherwise acceptable.
    const claim = await claimOnce("identity-signature", signature.replayValue, 2 * toleranceSeconds);
    try {
      const result = await ingestIdentityEvents(events, { request, maxBatch });
      return Response.json(result, { status: 200, headers: noStore });
    } catch (err) {
      // Nothing was committed: the sender's retry of this very request must not be a "replay".
      await releaseClaims([claim]);
      throw err;
    }
  } catch (err) {
    if (!isAppError(err) || (err.code !== "UNAUTHENTICATED" && err.code !== "RATE_LIMITED")) throw err;
    if (err.code === "UNAUTHENTICATED") {
      await recordAuthFailure(request);
      logger.warn({ requestId: request.requestId, reason: err.details?.reason }, "identity events refused");
    }
    const { status, body } = toErrorBody(err, request.requestId);
    const retry = err.details?.retryAfterSeconds;
    const headers: Record<string, string> = { ...noStore, ...(typeof retry === "number" ? { "retry-after": String(retry) } : {}) };
    return Response.json(body, { status, headers });
  }
}
