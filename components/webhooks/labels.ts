import type { BadgeTone } from "@/components/ui/badge";

// Event and status names as the console shows them, and the delivery-log URL (filters live in the URL).

export const EVENT_OPTIONS = [
  { type: "device.authorized", label: "Device authorised" },
  { type: "device.revoked", label: "Device revoked" },
  { type: "device.expired", label: "Device expired (30 days)" },
  { type: "case.decided", label: "Case decided" },
] as const;

export type EventType = (typeof EVENT_OPTIONS)[number]["type"];

export const STATUS_OPTIONS = [
  { key: "", label: "All" },
  { key: "PENDING", label: "Pending" },
  { key: "FAILED", label: "Failed" },
  { key: "DELIVERED", label: "Delivered" },
] as const;

export const statusTone: Record<string, BadgeTone> = { PENDING: "amber", FAILED: "red", DELIVERED: "emerald" };

export interface DeliveryFilter {
  status?: string;
  endpointId?: string;
  eventType?: string;
  eventId?: string;
  cursor?: string;
}

export function deliveriesHref(f: DeliveryFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  const qs = params.toString();
  return `/admin/webhooks${qs ? `?${qs}` : ""}#deliveries`;
}
