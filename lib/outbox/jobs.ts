import { z } from "zod";
import { appendAudit } from "../audit/append";
import { systemActor } from "../auth/actor";
import { config } from "../config";
import { db } from "../db";
import { defineJob } from "../queue/define";

/** Daily: delete published outbox rows past the retention, with an audit entry. */
export const pruneOutboxJob = defineJob({
  name: "outbox.prune",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { pattern: "17 3 * * *" },
  handler: async () => {
    const before = new Date(Date.now() - config.OUTBOX_RETENTION_DAYS * 86_400_000);
    return db.$transaction(async (tx) => {
      const deleted = await tx.$executeRaw`DELETE FROM "OutboxMessage" WHERE "publishedAt" IS NOT NULL AND "publishedAt" < ${before}`;
      if (deleted > 0) {
        await appendAudit(tx, {
          action: "outbox.pruned",
          actor: systemActor("scheduler"),
          data: { deleted, publishedBefore: before.toISOString() },
        });
      }
      return { deleted };
    });
  },
});
