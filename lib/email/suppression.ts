import type { AuditActionData } from "../audit/actions";

export type SuppressionReason = AuditActionData["outbound.suppressed"]["reason"];

/**
 * Whether an inbound email must not get an automatic reply (RFC 3834 §2), from its headers
 * (names in any case). Auto-submitted mail includes out-of-office notices and bounces: answering
 * them is how two robots mail each other forever. List and bulk mail reaches people who did not
 * write to us.
 */
export function inboundSuppression(headers: Record<string, string>): SuppressionReason | null {
  const h = new Map(Object.entries(headers).map(([k, v]) => [k.trim().toLowerCase(), String(v).trim().toLowerCase()]));
  const autoSubmitted = h.get("auto-submitted");
  if (autoSubmitted !== undefined && autoSubmitted.split(";")[0].trim() !== "no") return "auto_submitted";
  // Non-standard markers of the same thing (Exchange and older responders), and bounces (null return path).
  if (h.has("x-autoreply") || h.has("x-autorespond") || h.get("x-auto-response-suppress")?.match(/\b(all|autoreply|oof)\b/)) return "auto_submitted";
  if (h.get("return-path") === "<>") return "auto_submitted";
  if (/^(bulk|list|junk)\b/.test(h.get("precedence") ?? "")) return "bulk_or_list";
  if (h.has("list-id") || h.has("list-unsubscribe") || h.has("list-post")) return "bulk_or_list";
  return null;
}

/** Mailer daemons and list robots by their local part (RFC 3834 §2, "responders SHOULD NOT respond"). */
export function robotAddress(address: string): SuppressionReason | null {
  const local = address.slice(0, address.lastIndexOf("@")).toLowerCase();
  if (local === "mailer-daemon" || local === "postmaster") return "auto_submitted";
  if (local.startsWith("owner-") || local.endsWith("-request") || local === "listserv" || local === "majordomo") return "bulk_or_list";
  return null;
}
