import type { Job, JobsOptions } from "bullmq";
import type { z } from "zod";

export const queueNames = ["intake", "delivery", "scheduler", "exports"] as const;
export type QueueName = (typeof queueNames)[number];

/** Shared defaults: retries with exponential backoff, bounded retention of finished jobs. */
export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueName;
  /** Ids and storage keys only: never personal data. */
  payload: S;
  // Method syntax on purpose: the registry holds definitions of different payload types.
  handler(payload: z.infer<S>, job: Job): Promise<unknown>;
  options?: JobsOptions;
  /** Repeatable jobs, registered by workers/scheduler. */
  schedule?: { every: number } | { pattern: string };
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
