import { QUEUE_SORTS, QUEUE_VIEWS, type QueueQueryInput, type QueueSort, type QueueView } from "@/lib/cases/queue-types";

// The queue's state as it lives in the URL: parsed once by the page, rebuilt by every link (tabs,
// sort headers, pager) so a filtered, sorted page can be shared, reloaded and navigated with Back.

export interface QueueUrlState {
  view: QueueView | null;
  status: string;
  assignee: string;
  priority: string;
  sla: string;
  risk: string;
  createdFrom: string;
  createdTo: string;
  q: string;
  sort: QueueSort | null;
  dir: "asc" | "desc" | null;
  cursor: string;
}

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined): string => ((Array.isArray(v) ? v[0] : v) ?? "").trim().slice(0, 200);

export function queueUrlState(params: Params): QueueUrlState {
  const view = one(params.view);
  const sort = one(params.sort);
  const dir = one(params.dir);
  const status = one(params.status);
  return {
    // Without a view or a status filter the queue shows every open case.
    view: (QUEUE_VIEWS as readonly string[]).includes(view) ? (view as QueueView) : status ? null : "open",
    status,
    assignee: one(params.assignee),
    priority: one(params.priority),
    sla: one(params.sla),
    risk: one(params.risk),
    createdFrom: one(params.createdFrom),
    createdTo: one(params.createdTo),
    q: one(params.q),
    sort: (QUEUE_SORTS as readonly string[]).includes(sort) ? (sort as QueueSort) : null,
    dir: dir === "asc" || dir === "desc" ? dir : null,
    cursor: one(params.cursor),
  };
}

export function queueQuery(s: QueueUrlState): QueueQueryInput {
  return {
    view: s.view ?? undefined,
    status: s.status || undefined,
    assignee: s.assignee || undefined,
    priority: s.priority || undefined,
    sla: s.sla || undefined,
    risk: s.risk || undefined,
    createdFrom: s.createdFrom || undefined,
    createdTo: s.createdTo || undefined,
    q: s.q || undefined,
    sort: s.sort ?? undefined,
    dir: s.dir ?? undefined,
    cursor: s.cursor || undefined,
  };
}

/** True when any filter narrows the view (the empty state then blames the filters, not the view). */
export function hasFilters(s: QueueUrlState): boolean {
  return !!(s.assignee || s.priority || s.sla || s.risk || s.createdFrom || s.createdTo || s.q || (s.status && s.view));
}

/** /queue with the given state; empty values are left out so URLs stay short. */
export function queueHref(s: Partial<QueueUrlState>): string {
  const params = new URLSearchParams();
  if (s.view && (s.view !== "open" || s.status)) params.set("view", s.view);
  for (const key of ["status", "assignee", "priority", "sla", "risk", "createdFrom", "createdTo", "q", "sort", "dir", "cursor"] as const) {
    const v = s[key];
    if (v) params.set(key, v);
  }
  const qs = params.toString();
  return qs ? `/queue?${qs}` : "/queue";
}
