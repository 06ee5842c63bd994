import type { InboundEmailStatus } from "../../generated/prisma/enums";

/**
 * Statuses after which a job has nothing left to do. FAILED included: a duplicate or stale job
 * must not fail an email twice. Retrying a dead letter resets it to RECEIVED and queues a new job.
 */
export const FINAL_STATUSES: InboundEmailStatus[] = ["PROCESSED", "UNMATCHED", "REJECTED", "FAILED"];
