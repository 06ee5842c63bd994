import { z } from "zod";
import { defineJob } from "../queue/define";

/** Hourly: copy the audit chain head to a write-once object in the audit bucket (lib/audit/anchor.ts). A no-op when the head has not moved. */
export const anchorAuditJob = defineJob({
  name: "audit.anchor",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { pattern: "0 * * * *" },
  handler: async () => {
    const { anchorChainHead } = await import("./anchor");
    const res = await anchorChainHead();
    // BigInt does not survive BullMQ's JSON return value.
    return res.anchored ? { anchored: true, seq: String(res.seq), objectKey: res.objectKey } : { anchored: false, reason: res.reason };
  },
});
