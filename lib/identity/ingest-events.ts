import { appendAudit } from "../audit";
import type { Actor } from "../auth/actor";
import { config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { logger } from "../log";
import { applyEvents, type ValidEvent } from "./apply-events";
import { auditLoginAuthorizations } from "./audit-authorizations";
import { checkEvent, type CheckedEvent } from "./check-event";
import { markApplied, storeRaw } from "./store-raw";

// One batch of identity-service events: check each, store every storable one raw, apply the valid
// new ones set-based, record the outcome per event and the audit entries (one for the batch, one
// per device a login authorised) — all in one transaction.
// Called by POST /api/v1/identity/events (after the signature), the simulator and the bench.

export const IDENTITY_SERVICE_ACTOR: Actor = { type: "PROVIDER", id: "identity-service" };

export interface RejectedEvent {
  /** Position in the batch (0-based). */
  index: number;
  /** The event's id when it had a usable one. */
  id: string | null;
  reason: string;
}

export interface IngestResult {
  /** New events stored and applied. */
  accepted: number;
  /** Events whose id was already accepted (earlier, or earlier in this batch): nothing done. */
  duplicates: number;
  /** Events not applied, with why; the sender may fix and resend them under the same id. */
  rejected: RejectedEvent[];
}

export interface IngestOptions {
  request?: RequestContext;
  /** Default IDENTITY_EVENTS_MAX_BATCH. */
  maxBatch?: number;
  /** The clock (tests, simulator); receivedAt/appliedAt and the future-time check use it. */
  now?: Date;
}

/** 413 when a batch holds more events than allowed. */
export function assertBatchSize(count: number, maxBatch: number = config.IDENTITY_EVENTS_MAX_BATCH): void {
  if (count > maxBatch) {
    throw new AppError("PAYLOAD_TOO_LARGE", `A batch holds at most ${maxBatch} events; this one has ${count}. Split it and send the parts.`, {
      maxEvents: maxBatch,
      events: count,
    });
  }
}

type Storable = Exclude<CheckedEvent, { kind: "unstorable" }>;

export async function ingestIdentityEvents(events: readonly unknown[], opts: IngestOptions = {}): Promise<IngestResult> {
  assertBatchSize(events.length, opts.maxBatch);
  if (events.length === 0) return { accepted: 0, duplicates: 0, rejected: [] };
  const started = performance.now();
  const now = opts.now ?? new Date();

  const rejectedUpfront: RejectedEvent[] = [];
  const storable: Storable[] = [];
  const seen = new Set<string>();
  let repeatsInBatch = 0;
  for (const [index, raw] of events.entries()) {
    const c = checkEvent(raw, index, now.getTime(), config.INBOUND_TIMESTAMP_TOLERANCE_SECONDS);
    if (c.kind === "unstorable") rejectedUpfront.push({ index: c.index, id: c.id, reason: c.reason });
    else if (seen.has(c.id)) repeatsInBatch++;
    else {
      seen.add(c.id);
      storable.push(c);
    }
  }

  const result = await db.$transaction(
    async (tx): Promise<IngestResult> => {
      // One batch applies at a time. Concurrent batches touching the same accounts and devices
      // deadlocked in the set-based upserts (seen in the devices bench with 4 senders); one batch
      // of 1,000 applies in ~100 ms, so serialising keeps ≥ 5,000 events/s and makes the order of
      // effects the order of commits.
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended('gatehouse:identity-ingest', 0))`;
      const stored = await storeRaw(tx, storable, now);
      const fresh = storable.filter((c) => stored.has(c.id));
      const rejected = [...rejectedUpfront];
      const valid: ValidEvent[] = [];
      for (const c of fresh) {
        if (c.kind === "invalid") rejected.push({ index: c.index, id: c.id, reason: c.reason });
        else valid.push({ index: c.index, id: c.id, occurredAt: c.occurredAt, event: c.event });
      }
      const { failures: failed, authorizations } = await applyEvents(tx, valid, now, opts.request);
      await markApplied(
        tx,
        valid.filter((v) => !failed.has(v.id)).map((v) => v.id),
        failed,
        now,
      );
      for (const v of valid) {
        const error = failed.get(v.id);
        if (error) rejected.push({ index: v.index, id: v.id, reason: `${error}; stored unapplied — send it again later (request ${opts.request?.requestId ?? "-"})` });
      }
      rejected.sort((a, b) => a.index - b.index);
      const out: IngestResult = {
        accepted: valid.length - failed.size,
        duplicates: repeatsInBatch + (storable.length - stored.size),
        rejected,
      };
      // Last: appending holds the audit chain lock until commit.
      await auditLoginAuthorizations(tx, authorizations, opts.request);
      await appendAudit(tx, {
        action: "identity.events_ingested",
        data: { batchSize: events.length, accepted: out.accepted, duplicates: out.duplicates, rejected: rejected.length },
        actor: IDENTITY_SERVICE_ACTOR,
        request: opts.request,
      });
      return out;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );

  logger.info(
    { requestId: opts.request?.requestId, batchSize: events.length, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected.length, ms: Math.round(performance.now() - started) },
    "identity events ingested",
  );
  return result;
}
