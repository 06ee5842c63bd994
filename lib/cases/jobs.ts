import { z } from "zod";
import { defineJob } from "../queue/define";

/** Every minute: open cases past their SLA due time get their breach mark (lib/cases/sla.ts). */
export const markSlaBreachesJob = defineJob({
  name: "cases.sla_breaches",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { pattern: "* * * * *" },
  handler: async () => {
    const { markSlaBreaches } = await import("./sla");
    return markSlaBreaches();
  },
});

/**
 * Every 10 s: one auto-assignment round (lib/cases/auto-assign.ts), when AUTO_ASSIGN_ENABLED.
 * No retries: a failed round is simply followed by the next one.
 */
export const autoAssignJob = defineJob({
  name: "cases.auto_assign",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { every: 10_000 },
  options: { attempts: 1 },
  handler: async () => {
    const { config } = await import("../config");
    if (!config.AUTO_ASSIGN_ENABLED) return { enabled: false };
    const { autoAssignRound } = await import("./auto-assign");
    return { enabled: true, ...(await autoAssignRound()) };
  },
});
