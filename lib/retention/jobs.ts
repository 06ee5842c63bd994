import { z } from "zod";
import { defineJob } from "../queue/define";

/**
 * Daily: purge the ID photos of cases decided more than DOCUMENT_RETENTION_DAYS ago and the emails
 * no case claimed received more than INBOUND_UNLINKED_RETENTION_DAYS ago, unless a legal hold
 * blocks it, and delete raw objects no email row points at (lib/retention/purge.ts).
 */
export const purgeRetentionJob = defineJob({
  name: "retention.purge",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { pattern: "41 2 * * *" },
  handler: async () => {
    const { purgeExpiredDocuments } = await import("./purge");
    return purgeExpiredDocuments();
  },
});
