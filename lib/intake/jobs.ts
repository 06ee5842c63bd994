import { z } from "zod";
import { logger } from "../log";
import { defineJob } from "../queue/define";

/**
 * intake.process: written to the outbox by the webhook edge in the transaction that stores the
 * InboundEmail (dedupe key: the email id). Errors propagate so BullMQ retries with backoff; the
 * last attempt marks the email FAILED (the dead-letter list) before giving up.
 */
export const processInboundJob = defineJob({
  name: "intake.process",
  queue: "intake",
  payload: z.object({ inboundEmailId: z.uuid() }).strict(),
  handler: async ({ inboundEmailId }, job) => {
    // Loaded here, not at the top: the webhook edge imports this definition to write the outbox
    // row, and must not pull the parsing and image pipeline (mailparser, sharp) into the web app.
    const { describeFailure, markInboundFailed, processInboundEmail } = await import("./process");
    try {
      const r = await processInboundEmail(inboundEmailId);
      return { outcome: r.outcome, status: r.status, caseId: r.caseId };
    } catch (err) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (lastAttempt) {
        await markInboundFailed(inboundEmailId, describeFailure(err, job.attemptsMade + 1)).catch((markErr: unknown) =>
          logger.error({ inboundEmailId, err: markErr instanceof Error ? markErr.name : "unknown" }, "could not mark inbound email failed"),
        );
      }
      throw err;
    }
  },
});

/** Every 5 minutes: requeue emails that stopped moving (lib/intake/sweep.ts). */
export const sweepInboundJob = defineJob({
  name: "intake.sweep",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { every: 5 * 60_000 },
  handler: async () => {
    const { sweepStuckInbound } = await import("./sweep");
    const r = await sweepStuckInbound();
    return { requeued: r.requeued.length, failed: r.failed.length };
  },
});
