import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { parseInput } from "../cases/shared";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { backlogCounts, breachesPerDay, decisionCounts, decisionTimings, firstClaimTimings, inboundCounts, type DecisionCountRow, type TimingRow } from "./queries";
import {
  BACKLOG_STATUSES,
  DASHBOARD_DAYS,
  DUE_SOON_MINUTES,
  INBOUND_OUTCOMES,
  type AgentDecisions,
  type Dashboard,
  type DecisionCounts,
  type InboundOutcome,
  type TimingSeries,
  type TimingStat,
} from "./types";
import { dayWindow, zeroFill, type DayWindow } from "./window";

// The support dashboard (`/`, GET /api/v1/dashboard): backlog, SLA, pick-up and decision times,
// decisions per staff member and inbound volume over the last `days` UTC days.
//
// Index: the timeline panels (first pick-up, decisions, breaches) filter CaseEvent by type and
// time; at scale they need CaseEvent(type, createdAt) — migration requested, not created here.

export const ZDashboardInput = z.strictObject({
  days: z.coerce
    .number("days: a whole number of days")
    .int("days: a whole number of days")
    .min(DASHBOARD_DAYS.min, `days: at least ${DASHBOARD_DAYS.min}`)
    .max(DASHBOARD_DAYS.max, `days: at most ${DASHBOARD_DAYS.max}`)
    .default(DASHBOARD_DAYS.default),
});
export type TDashboardInput = { days?: number | string };

const seconds = (v: number | null): number | null => (v === null ? null : Math.round(v));
const stat = (r: TimingRow | undefined): TimingStat => ({ count: r?.count ?? 0, medianSeconds: seconds(r?.p50 ?? null), p90Seconds: seconds(r?.p90 ?? null) });

function timingSeries(w: DayWindow, rows: TimingRow[]): TimingSeries {
  const perDay = rows.filter((r) => r.date !== null).map((r) => ({ date: r.date as string, ...stat(r) }));
  return {
    overall: stat(rows.find((r) => r.date === null)),
    perDay: zeroFill(w.dates, perDay, (date) => ({ date, ...stat(undefined) })),
  };
}

const noDecisions = (): DecisionCounts => ({ APPROVED: 0, REJECTED: 0, RESUBMISSION_REQUESTED: 0, ESCALATED: 0, SECOND_APPROVAL_REQUESTED: 0 });

async function decisionPanel(w: DayWindow, rows: DecisionCountRow[]): Promise<Dashboard["decisions"]> {
  const perDay = new Map(w.dates.map((date) => [date, { date, total: 0, ...noDecisions() }]));
  const agents = new Map<string, AgentDecisions & { days: Map<string, number> }>();
  for (const r of rows) {
    const day = perDay.get(r.date);
    if (day) {
      day[r.kind] += r.count;
      day.total += r.count;
    }
    let a = agents.get(r.staffId);
    if (!a) agents.set(r.staffId, (a = { staffId: r.staffId, name: "", total: 0, byKind: noDecisions(), perDay: [], days: new Map() }));
    a.total += r.count;
    a.byKind[r.kind] += r.count;
    a.days.set(r.date, (a.days.get(r.date) ?? 0) + r.count);
  }
  const staff = await db.staffUser.findMany({ where: { id: { in: [...agents.keys()] } }, select: { id: true, name: true } });
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const list = [...agents.values()]
    .map(({ days, ...a }) => ({ ...a, name: names.get(a.staffId) ?? "Unknown staff member", perDay: w.dates.map((date) => ({ date, count: days.get(date) ?? 0 })) }))
    .sort((x, y) => y.total - x.total || x.name.localeCompare(y.name));
  const days = [...perDay.values()];
  return { total: days.reduce((n, d) => n + d.total, 0), perDay: days, agents: list };
}

function inboundPanel(w: DayWindow, rows: { date: string; outcome: InboundOutcome; count: number }[]): Dashboard["inbound"] {
  const empty = (date: string) => ({ date, total: 0, ...(Object.fromEntries(INBOUND_OUTCOMES.map((o) => [o, 0])) as Record<InboundOutcome, number>) });
  const perDay = new Map(w.dates.map((date) => [date, empty(date)]));
  for (const r of rows) {
    const day = perDay.get(r.date);
    if (!day) continue;
    day[r.outcome] += r.count;
    day.total += r.count;
  }
  const days = [...perDay.values()];
  return { total: days.reduce((n, d) => n + d.total, 0), perDay: days };
}

/**
 * The dashboard's figures for the last `days` UTC days (1–90, default 14), today included.
 * Aggregates only, no customer data. Needs queue.read (agents, supervisors, auditors and
 * administrators: everyone who may see the queue may see its totals).
 */
export async function getDashboard(actor: Actor, input: TDashboardInput = {}, opts: { request?: RequestContext; now?: Date } = {}): Promise<Dashboard> {
  await requireStaff(actor, "queue.read", { request: opts.request });
  const { days } = parseInput(ZDashboardInput, input);
  const now = opts.now ?? new Date();
  const w = dayWindow(days, now);

  const [backlog, claims, decided, breaches, decisions, inbound] = await Promise.all([
    backlogCounts(now),
    firstClaimTimings(w),
    decisionTimings(w),
    breachesPerDay(w),
    decisionCounts(w),
    inboundCounts(w),
  ]);

  const byStatus = BACKLOG_STATUSES.map((status) => {
    const r = backlog.find((b) => b.status === status);
    return { status, total: r?.total ?? 0, unassigned: r?.unassigned ?? 0 };
  });
  const sum = (f: (b: (typeof backlog)[number]) => number) => backlog.reduce((n, b) => n + f(b), 0);
  const breachRows = zeroFill(w.dates, breaches, (date) => ({ date, breaches: 0 }));

  return {
    window: { days, from: w.from.toISOString(), to: w.to.toISOString(), dates: w.dates, generatedAt: now.toISOString() },
    backlog: { total: sum((b) => b.total), unassigned: sum((b) => b.unassigned), byStatus },
    sla: {
      breachingNow: sum((b) => b.breaching),
      dueSoon: sum((b) => b.dueSoon),
      dueSoonMinutes: DUE_SOON_MINUTES,
      breachesPerDay: breachRows,
      breachesTotal: breachRows.reduce((n, d) => n + d.breaches, 0),
    },
    timeToFirstClaim: timingSeries(w, claims),
    timeToDecision: timingSeries(w, decided),
    decisions: await decisionPanel(w, decisions),
    inbound: inboundPanel(w, inbound),
  };
}
