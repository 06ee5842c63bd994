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
