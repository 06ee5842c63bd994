import type { JobsOptions } from "bullmq";
import { anchorAuditJob } from "../audit/jobs";
import { autoAssignJob, markSlaBreachesJob } from "../cases/jobs";
import { expireDevicesJob } from "../devices/jobs";
import { sendEmailJob, sweepEmailsJob } from "../email/jobs";
import { expireExportsJob, runExportJob } from "../exports/jobs";
import { processInboundJob, sweepInboundJob } from "../intake/jobs";
import { pruneOutboxJob } from "../outbox/jobs";
import { purgeRetentionJob } from "../retention/jobs";
import { deliverWebhookJob, sweepWebhooksJob } from "../webhooks/jobs";
import type { JobDefinition, QueueName } from "./define";

// The job registry: every job the workers run, by name. Add a job here and to its domain folder.
export const jobs: readonly JobDefinition[] = [pruneOutboxJob, processInboundJob, sweepInboundJob, sendEmailJob, sweepEmailsJob, expireDevicesJob, deliverWebhookJob, sweepWebhooksJob, markSlaBreachesJob, autoAssignJob, runExportJob, expireExportsJob, anchorAuditJob, purgeRetentionJob];

const byName = new Map(jobs.map((j) => [j.name, j]));

export function findJob(name: string): JobDefinition | undefined {
  return byName.get(name);
}

export function jobsOn(queue: QueueName): JobDefinition[] {
  return jobs.filter((j) => j.queue === queue);
}

export function jobOptions(name: string): JobsOptions {
  return byName.get(name)?.options ?? {};
}
