import { randomUUID } from "node:crypto";
import type { EmailProvider } from "../../generated/prisma/enums";
import { AppError, isAppError, toErrorBody } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import { errFields, logger } from "../../log";
import { deleteObject, putBytes, type StoredObject } from "../../storage";
import { assertNotBlocked, recordAuthFailure } from "./auth-failures";
import { mailgun } from "./providers/mailgun";
import { mime } from "./providers/mime";
import { postmark } from "./providers/postmark";
import { sendgrid } from "./providers/sendgrid";
import type { ProviderAdapter, Verified } from "./providers/types";
import { readCappedBody } from "./read-body";
import { findExisting, recordInbound, type Recorded } from "./record-inbound";
import { releaseClaims } from "./replay-cache";
import { edgeSettings, type EdgeSettings } from "./settings";

const adapters: Record<EmailProvider, ProviderAdapter> = { POSTMARK: postmark, MAILGUN: mailgun, SENDGRID: sendgrid, MIME: mime };

/** Longest provider id kept (it is part of a unique index). */
const MAX_PROVIDER_ID = 998;

export interface ReceiveOptions {
  /** Tests: override settings (a small body cap, a SendGrid public key, …). */
  settings?: Partial<EdgeSettings>;
  /** Tests: the clock, in ms since 1970. */
  now?: number;
}

const noStore = { "cache-control": "no-store" };

/**
 * An inbound email webhook: authenticate the raw body (before anything is written), store it
 * as sent in the quarantine prefix, then record it — InboundEmail + outbox + audit in one
 * transaction, or nothing for a repeated delivery. Answers 200 {id, duplicate}; no attachment
 * is parsed here (workers/intake does that).
 */
export async function receiveInbound(provider: EmailProvider, req: Request, request: RequestContext, options: ReceiveOptions = {}): Promise<Response> {
  const adapter = adapters[provider];
  const settings: EdgeSettings = { ...edgeSettings(), ...options.settings };
  try {
    await assertNotBlocked(request);
    adapter.preAuthenticate?.(req.headers, settings);
    const raw = await readCappedBodyFor(req, settings, request);
    const verified = await adapter.authenticate({ raw, headers: req.headers, contentType: req.headers.get("content-type") ?? "", nowMs: options.now ?? Date.now(), settings });
    let result: Recorded;
    try {
      result = await store(verified, raw, request);
    } catch (err) {
      await releaseClaims(verified.claims);
      throw err;
    }
    logger.info({ requestId: request.requestId, provider, inboundEmailId: result.id, rawSize: raw.length, duplicate: result.duplicate }, "inbound email received");
    return Response.json({ id: result.id, duplicate: result.duplicate }, { status: 200, headers: noStore });
  } catch (err) {
    if (!isAppError(err) || (err.code !== "UNAUTHENTICATED" && err.code !== "RATE_LIMITED")) throw err;
    if (err.code === "UNAUTHENTICATED") {
      await recordAuthFailure(request);
      logger.warn({ requestId: request.requestId, provider, reason: err.details?.reason }, "inbound webhook refused");
    }
    return refusal(err, request);
  }
}

async function readCappedBodyFor(req: Request, settings: EdgeSettings, request: RequestContext): Promise<Buffer<ArrayBuffer>> {
  const raw = await readCappedBody(req, settings.maxBytes, { requestId: request.requestId });
  if (raw.length === 0) throw new AppError("INVALID_INPUT", "The body is empty.");
  return raw;
}

/**
 * SHA-256 on libuv's thread pool (WebCrypto), not on the one JavaScript thread that serves every
 * request: on a 14 MB message that is ~15 ms the event loop keeps for other deliveries.
 */
async function sha256OffThread(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return Buffer.from(await crypto.subtle.digest("SHA-256", bytes)).toString("hex");
}

/**
 * Raw first: the bytes are in S3 before the row that points at them exists. A repeated delivery
 * stores nothing (checked before the upload, and again in the transaction for racing twins, whose
 * upload is then deleted: no row will ever point at it). When the transaction fails otherwise the
 * object is kept — the commit may have happened — and is an orphan at worst.
 */
async function store(verified: Verified, raw: Buffer<ArrayBuffer>, request: RequestContext): Promise<Recorded> {
  const { envelope } = verified;
  if (envelope.providerMessageId.length > MAX_PROVIDER_ID) throw new AppError("INVALID_INPUT", `The provider message id is longer than ${MAX_PROVIDER_ID} characters.`);
  // Only authenticated bodies are hashed; the hash runs while the duplicate check waits on the database.
  const hashing = sha256OffThread(raw);
  hashing.catch(() => undefined); // awaited below unless this is a duplicate
  const existing = await findExisting(envelope);
  if (existing) return { id: existing, duplicate: true };

  const key = `quarantine/raw/${randomUUID()}.${verified.extension}`;
  const sha256 = await hashing;
  let stored: StoredObject;
  try {
    stored = await putBytes("inbound", key, raw, envelope.contentType, { sha256 });
  } catch (err) {
    // Nothing was recorded: a 503 tells the provider to retry (as it does for any 5xx), and why.
    throw new AppError("UNAVAILABLE", "Storage is unavailable right now. Retry the delivery later.", undefined, { cause: err });
  }
  const recorded = await recordInbound(envelope, stored, request);
  if (recorded.duplicate) {
    await deleteObject("inbound", key).catch((err: unknown) => logger.warn({ requestId: request.requestId, ...errFields(err) }, "duplicate inbound object not deleted"));
  }
  return recorded;
}

/** The JSON error of a 401/429 plus the header the sender needs: a Basic challenge, or Retry-After. */
function refusal(err: AppError, request: RequestContext): Response {
  const { status, body } = toErrorBody(err, request.requestId);
  const headers: Record<string, string> = { ...noStore };
  const reason = err.details?.reason;
  if (reason === "missing_credentials" || reason === "wrong_credentials") headers["www-authenticate"] = 'Basic realm="gatehouse-inbound", charset="UTF-8"';
  const retry = err.details?.retryAfterSeconds;
  if (err.code === "RATE_LIMITED" && typeof retry === "number") headers["retry-after"] = String(retry);
  return Response.json(body, { status, headers });
}
