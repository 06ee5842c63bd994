import type { BadgeTone } from "@/components/ui/badge";

// Words and colours for inbound email states, shared by the list and the email's page.

export const statusText: Record<string, { label: string; tone: BadgeTone; hint: string }> = {
  RECEIVED: { label: "Received", tone: "slate", hint: "Stored; waiting for the intake worker." },
  PROCESSING: { label: "Processing", tone: "brand", hint: "The intake worker is parsing and vetting it." },
  PROCESSED: { label: "Processed", tone: "emerald", hint: "Matched to an account; the case was opened or joined." },
  UNMATCHED: { label: "Unmatched", tone: "amber", hint: "No account is bound to the sender's address. Link it by hand." },
  REJECTED: { label: "Rejected", tone: "red", hint: "Refused on purpose." },
  FAILED: { label: "Failed", tone: "red", hint: "Processing gave up after its retries (dead letter)." },
};

export const verdictText: Record<string, { label: string; tone: BadgeTone }> = {
  ACCEPTED: { label: "Accepted", tone: "emerald" },
  PREVIEW_UNAVAILABLE: { label: "Preview unavailable", tone: "amber" },
  REJECTED: { label: "Refused", tone: "red" },
  PENDING: { label: "Not vetted yet", tone: "slate" },
};

export const sideText: Record<string, string> = { FRONT: "Front", BACK: "Back", UNKNOWN: "Unknown side" };

export const templateText: Record<string, string> = {
  ACKNOWLEDGEMENT: "Acknowledgement",
  WRONG_SENDER: "Wrong sender (write from the bound address)",
  RESUBMISSION_REQUEST: "Resubmission request",
  ASK_FOR_JPEG: "Ask for JPEG",
  UNSUPPORTED_ATTACHMENT: "Unsupported attachment",
  DECISION_APPROVED: "Decision: approved",
  DECISION_REJECTED: "Decision: rejected",
};

export const replyStatusText: Record<string, { label: string; tone: BadgeTone }> = {
  QUEUED: { label: "Queued", tone: "slate" },
  SENT: { label: "Sent", tone: "emerald" },
  FAILED: { label: "Not delivered", tone: "red" },
};

/** Sender-authentication results: only PASS is good news; FAIL-like results are red, the rest inconclusive. */
export function authTone(result: string | null): { tone: BadgeTone; word: string } {
  if (result === "PASS") return { tone: "emerald", word: "pass" };
  if (result === "FAIL" || result === "SOFTFAIL" || result === "PERMERROR") return { tone: "red", word: result === "SOFTFAIL" ? "softfail" : result === "PERMERROR" ? "error" : "fail" };
  if (result === null) return { tone: "slate", word: "not checked" };
  return { tone: "amber", word: result.toLowerCase() };
}

/** The list's filter tabs and the statuses each shows (the URL carries the tab key). */
export const INBOUND_TABS = [
  { key: "all", label: "All", statuses: [] as string[] },
  { key: "unmatched", label: "Unmatched", statuses: ["UNMATCHED"] },
  { key: "failed", label: "Failed (dead letters)", statuses: ["FAILED"] },
  { key: "processing", label: "Processing", statuses: ["RECEIVED", "PROCESSING"] },
] as const;

export type InboundTabKey = (typeof INBOUND_TABS)[number]["key"];

export function tabFor(key: string | undefined) {
  return INBOUND_TABS.find((t) => t.key === key) ?? INBOUND_TABS[0];
}

/** /inbound with the given state; empty values are left out so URLs stay short. */
export function inboundHref(state: { tab?: string; q?: string; cursor?: string }): string {
  const params = new URLSearchParams();
  if (state.tab && state.tab !== "all") params.set("status", state.tab);
  if (state.q) params.set("q", state.q);
  if (state.cursor) params.set("cursor", state.cursor);
  const qs = params.toString();
  return qs ? `/inbound?${qs}` : "/inbound";
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
