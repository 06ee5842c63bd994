import { z } from "zod";
import { defineJob } from "../queue/define";

/** Hourly: authorised devices with no login for DEVICE_EXPIRY_DAYS become EXPIRED (lib/devices/expire-idle-devices.ts). */
export const expireDevicesJob = defineJob({
  name: "devices.expire",
  queue: "scheduler",
  payload: z.object({}).strict(),
  schedule: { pattern: "23 * * * *" },
  handler: async () => {
    const { expireIdleDevices } = await import("./expire-idle-devices");
    return expireIdleDevices();
  },
});
