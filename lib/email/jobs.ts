import { z } from "zod";
import { defineJob } from "../queue/define";
import { sendOutboundEmail } from "./send";

/**
 * Sends one queued OutboundEmail (lib/email/send.ts). Payload: the row id only. A relay outage
 * should delay email, not lose it: 12 attempts with exponential backoff from 5 s span about
 * 5.7 hours before the last one marks the email FAILED (admins can retry the dead job).
 */
export const sendEmailJob = defineJob({
  name: "email.send",
  queue: "delivery",
  payload: z.object({ outboundEmailId: z.uuid() }),
  options: { attempts: 12, backoff: { type: "exponential", delay: 5_000 } },
  handler: ({ outboundEmailId }, job) => sendOutboundEmail(outboundEmailId, { attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 }),
});

/** Every 5 minutes: queued emails whose send job is gone get a new one (lib/email/sweep.ts). */
export const sweepEmailsJob = defineJob({
  name: "email.sweep",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { every: 5 * 60_000 },
  handler: async () => {
    const { sweepStuckEmails } = await import("./sweep");
    return { requeued: (await sweepStuckEmails()).requeued.length };
  },
});
