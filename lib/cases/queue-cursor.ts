import { z } from "zod";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import { CasePriority } from "../generated/prisma/enums";
import { QUEUE_SORTS, type QueueSort } from "./queue-types";

// Sorts of the queue and their keyset cursors. Each sort is a time column plus id as tiebreaker
// (urgency puts priority in front). A cursor is opaque to callers: base64url of JSON naming the
// sort, the direction and the last row's key values; a cursor from another sort is refused.

export type Dir = "asc" | "desc";
type TimeKey = "slaDueAt" | "createdAt" | "updatedAt";

interface SortSpec {
  time: TimeKey;
  /** The direction callers get without asking (urgency: most urgent first). */
  natural: Dir;
  /** Direction of the time key and id when the sort runs in its natural direction. */
  timeDir: Dir;
}

export const SORT_SPECS: Record<QueueSort, SortSpec> = {
  // priority DESC, slaDueAt ASC, id ASC
  urgency: { time: "slaDueAt", natural: "desc", timeDir: "asc" },
  sla: { time: "slaDueAt", natural: "asc", timeDir: "asc" },
  created: { time: "createdAt", natural: "desc", timeDir: "desc" },
  updated: { time: "updatedAt", natural: "desc", timeDir: "desc" },
};

const PRIORITIES = Object.values(CasePriority);
const flip = (d: Dir): Dir => (d === "asc" ? "desc" : "asc");

export interface QueueCursor {
  sort: QueueSort;
  dir: Dir;
  /** Urgency only: the last row's priority. */
  priority?: CasePriority;
  time: Date;
  id: string;
}

/** The direction of the time key and id for this sort and requested direction. */
export function timeDirOf(sort: QueueSort, dir: Dir): Dir {
  const spec = SORT_SPECS[sort];
  return dir === spec.natural ? spec.timeDir : flip(spec.timeDir);
}

export function orderByOf(sort: QueueSort, dir: Dir): Prisma.ReviewCaseOrderByWithRelationInput[] {
  const t = timeDirOf(sort, dir);
  const tail: Prisma.ReviewCaseOrderByWithRelationInput[] = [{ [SORT_SPECS[sort].time]: t }, { id: t }];
  return sort === "urgency" ? [{ priority: dir }, ...tail] : tail;
}

/**
 * Rows after the cursor on (time, id). The plain bound on the time column lets Postgres start the
 * index scan at the cursor instead of filtering its way there; the OR settles ties.
 */
export function afterTime(c: QueueCursor): Prisma.ReviewCaseWhereInput {
  const key = SORT_SPECS[c.sort].time;
  const t = timeDirOf(c.sort, c.dir);
  const [bound, strict] = t === "asc" ? (["gte", "gt"] as const) : (["lte", "lt"] as const);
  return { AND: [{ [key]: { [bound]: c.time } }, { OR: [{ [key]: { [strict]: c.time } }, { [key]: c.time, id: { [strict]: c.id } }] }] };
}

/** Urgency: the priorities that come after the cursor's (lower ones when most urgent goes first). */
export function prioritiesAfter(c: QueueCursor): CasePriority[] {
  const at = PRIORITIES.indexOf(c.priority ?? "NORMAL");
  return c.dir === "desc" ? PRIORITIES.slice(0, at) : PRIORITIES.slice(at + 1);
}

export function encodeCursor(c: QueueCursor): string {
  const body = { s: c.sort, d: c.dir, ...(c.priority ? { p: c.priority } : {}), t: c.time.getTime(), i: c.id };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

const ZCursorBody = z.strictObject({
  s: z.enum(QUEUE_SORTS),
  d: z.enum(["asc", "desc"]),
  p: z.enum(CasePriority).optional(),
  t: z.number().int().min(0).max(8.64e15),
  i: z.uuid(),
});

/** The cursor, checked against the sort and direction of this request; 400 naming `cursor` otherwise. */
export function decodeCursor(value: string, sort: QueueSort, dir: Dir): QueueCursor {
  const invalid = (why: string) => new AppError("INVALID_INPUT", `The cursor ${why}; start again from the first page.`, { fields: [{ path: "cursor", message: why }] });
  if (value.length > 300 || !/^[A-Za-z0-9_-]+$/.test(value)) throw invalid("is not one this list returned");
  let parsed: z.infer<typeof ZCursorBody>;
  try {
    parsed = ZCursorBody.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
  } catch {
    throw invalid("is not one this list returned");
  }
  if (parsed.s !== sort || parsed.d !== dir) throw invalid("belongs to another sort order");
  if ((parsed.s === "urgency") !== (parsed.p !== undefined)) throw invalid("is not one this list returned");
  return { sort: parsed.s, dir: parsed.d, priority: parsed.p, time: new Date(parsed.t), id: parsed.i.toLowerCase() };
}
