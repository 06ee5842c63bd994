import { db } from "../db";
import { AppError } from "../errors";

// --from / --to for audit verification: a sequence number ("1200") or a UTC date ("2026-11-30",
// the whole day) or date-time ("2026-11-30T12:00:00Z"). Dates become the first / last entry
// written in them; occurredAt is read from the column's index.

const SEQ = /^\d{1,19}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export type Bound = { seq: bigint } | { at: Date; day: boolean };

export function parseBound(value: string | undefined, name: "from" | "to"): Bound | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (SEQ.test(v)) return { seq: BigInt(v) };
  if (DAY.test(v) || DATETIME.test(v)) {
    const at = new Date(DAY.test(v) ? `${v}T00:00:00.000Z` : v);
    if (!Number.isNaN(at.getTime())) return { at, day: DAY.test(v) };
  }
  throw new AppError("INVALID_INPUT", `"${name}" must be a sequence number or a UTC date (YYYY-MM-DD or an ISO date-time).`, { fields: [{ path: name, message: "Not a sequence number or date." }] });
}

/** The seq range to verify; `empty` when no entry falls in it. */
export async function resolveRange(from: Bound | undefined, to: Bound | undefined): Promise<{ fromSeq?: bigint; toSeq?: bigint; empty: boolean }> {
  let fromSeq: bigint | undefined;
  let toSeq: bigint | undefined;
  if (from && "seq" in from) fromSeq = from.seq;
  else if (from) {
    const r = await db.auditEntry.aggregate({ _min: { seq: true }, where: { occurredAt: { gte: from.at } } });
    if (r._min.seq === null) return { empty: true };
    fromSeq = r._min.seq;
  }
  if (to && "seq" in to) toSeq = to.seq;
  else if (to) {
    // A day includes all of it; a date-time is inclusive.
    const where = to.day ? { lt: new Date(to.at.getTime() + 86_400_000) } : { lte: to.at };
    const r = await db.auditEntry.aggregate({ _max: { seq: true }, where: { occurredAt: where } });
    if (r._max.seq === null) return { empty: true };
    toSeq = r._max.seq;
  }
  if (fromSeq !== undefined && fromSeq < 1n) fromSeq = 1n;
  if (fromSeq !== undefined && toSeq !== undefined && toSeq < fromSeq) return { empty: true };
  return { fromSeq, toSeq, empty: false };
}
