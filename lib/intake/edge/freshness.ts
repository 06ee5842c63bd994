import { refuse } from "./refusal";

/** Refuses a signed timestamp (unix seconds) outside ±tolerance of now: an old signature cannot be replayed later. */
export function assertFresh(timestamp: string, nowMs: number, toleranceSeconds: number): number {
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw refuse("malformed_signature", "The signature timestamp must be whole seconds since 1970 (unix time).");
  }
  const seconds = Number(timestamp);
  const skew = Math.abs(nowMs / 1000 - seconds);
  if (skew > toleranceSeconds) {
    throw refuse("stale_timestamp", `The signature timestamp is ${Math.round(skew)} s away from our clock; at most ${toleranceSeconds} s is accepted. Sign with the current time (and check the sender's clock).`, {
      toleranceSeconds,
    });
  }
  return seconds;
}
