import type { QueueQueryInput } from "./queue-types";

// URL search params → QueueQueryInput, for the JSON API and the /queue page alike. Shapes only:
// listCases validates the values (400 INVALID_INPUT naming the field). Array filters accept
// repeated parameters and comma-separated values (status=NEW&status=IN_REVIEW or status=NEW,IN_REVIEW).

const ARRAY_KEYS = ["status", "priority", "risk"] as const;
const SCALAR_KEYS = ["view", "assignee", "sla", "createdFrom", "createdTo", "q", "sort", "dir", "cursor", "limit"] as const;

/**
 * `unknown: "reject"` (the JSON API) passes unknown parameters on, so the strict schema names a
 * typo instead of ignoring it; the console's default ignores them (its URLs carry UI state too).
 */
export function queryFromSearchParams(params: URLSearchParams, opts: { unknown?: "ignore" | "reject" } = {}): QueueQueryInput {
  const input: Record<string, string | string[]> = {};
  for (const key of ARRAY_KEYS) {
    const values = params.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    if (values.length) input[key] = values;
  }
  for (const key of SCALAR_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== "") input[key] = value;
  }
  if (opts.unknown === "reject")
    for (const key of new Set(params.keys())) if (!(key in input) && ![...ARRAY_KEYS, ...SCALAR_KEYS].includes(key as never)) input[key] = params.get(key) ?? "";
  return input;
}
