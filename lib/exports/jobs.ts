import { z } from "zod";
import { defineJob } from "../queue/define";
import { expireExports } from "./expire-exports";
import { runExport } from "./run-export";

/** Writes one background export to S3 (workers/intake runs the "exports" queue, one at a time). */
export const runExportJob = defineJob({
  name: "exports.run",
  queue: "exports",
  payload: z.object({ exportId: z.uuid() }).strict(),
  // Few retries: each restarts the file from the first row. The last one marks the export FAILED.
  options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
  handler: (payload, job) => runExport(payload.exportId, { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
});

/** Daily: delete export files past EXPORT_RETENTION_DAYS and mark them EXPIRED. */
export const expireExportsJob = defineJob({
  name: "exports.expire",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { pattern: "41 3 * * *" },
  handler: () => expireExports(),
});
