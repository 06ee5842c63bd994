// Staff decisions during the faults, for the webhooks and decision emails they send: an agent
// approves prepared cases one after another across the fault window (the same use case the
// console and the API call). A decision that fails (Postgres restarting) is tried again, as the
// agent would; one whose answer was lost is recognised by the case being decided already.
import type { WebhookReceiver } from "@/tests/support/webhook-receiver";

export interface DecisionCase {
  caseId: string;
  ref: string;
  deviceId: string | null;
}

export interface Decisions {
  agent: { type: "STAFF"; id: string; role: "AGENT"; steppedUpAt: Date | null };
  cases: DecisionCase[];
}

export async function prepareDecisions(n: number, receiver: WebhookReceiver, secret: string): Promise<Decisions> {
  const { db } = await import("@/lib/db");
  const { staffActor } = await import("@/tests/support/devices-world");
  const { makeDecisionCase } = await import("@/tests/integration/support/decisions-world");
  await db.webhookEndpoint.create({ data: { name: "identity service", url: receiver.url, secret, events: ["case.decided", "device.authorized", "device.revoked"] } });
  const agent = await staffActor("AGENT");
  const cases: DecisionCase[] = [];
  for (let i = 0; i < n; i++) {
    const w = await makeDecisionCase({ assigneeId: agent.id });
    cases.push({ caseId: w.caseId, ref: w.ref, deviceId: w.deviceId });
  }
  return { agent: { type: "STAFF", id: agent.id, role: "AGENT", steppedUpAt: agent.steppedUpAt ?? null }, cases };
}

/** Approves each case at its slot in [0, spreadMs); returns how many attempts failed. */
export async function runDecisions(d: Decisions, opts: { t0: number; spreadMs: number }): Promise<{ failedAttempts: number }> {
  const { decideCase } = await import("@/lib/cases/decide");
  const { db } = await import("@/lib/db");
  let failedAttempts = 0;
  for (const [i, c] of d.cases.entries()) {
    const wait = opts.t0 + ((i + 0.5) * opts.spreadMs) / d.cases.length - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (let attempt = 1; ; attempt++) {
      try {
        await decideCase(d.agent, { ref: c.ref, decision: "APPROVE", note: "photos match", version: 1 }, { request: { requestId: `fault-decide-${i}-${attempt}`, ip: "198.51.100.30", userAgent: "fault-suite" } });
        break;
      } catch {
        failedAttempts++;
        const status = await db.reviewCase
          .findUnique({ where: { id: c.caseId }, select: { status: true } })
          .then((r) => r?.status)
          .catch(() => null);
        if (status === "APPROVED") break; // the first attempt committed; its answer was lost
        if (attempt > 60) throw new Error(`could not decide ${c.ref}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }
  return { failedAttempts };
}

/** Each case decided once; one delivery row per (endpoint, event); each event received at least once. */
export async function checkDecisions(d: Decisions, receiver: WebhookReceiver, problem: (p: string) => void) {
  const { db } = await import("@/lib/db");
  const ids = d.cases.map((c) => c.caseId);
  const cases = await db.reviewCase.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, deviceId: true } });
  for (const c of cases) if (c.status !== "APPROVED") problem(`decision case ${c.id}: ${c.status}`);
  const devices = await db.device.findMany({ where: { id: { in: d.cases.flatMap((c) => c.deviceId ?? []) } }, select: { id: true, status: true } });
  for (const dev of devices) if (dev.status !== "AUTHORIZED") problem(`device ${dev.id}: ${dev.status}`);
  const decided = await db.auditEntry.groupBy({ by: ["caseId"], where: { action: "case.decided", caseId: { in: ids } }, _count: true });
  for (const id of ids) {
    const n = decided.find((x) => x.caseId === id)?._count ?? 0;
    if (n !== 1) problem(`case.decided × ${n} for ${id}`);
  }
  const deliveries = await db.webhookDelivery.findMany({ select: { id: true, eventId: true, eventType: true, status: true, attempts: true, payload: true } });
  for (const del of deliveries) if (del.status !== "DELIVERED") problem(`webhook delivery ${del.id} (${del.eventType}): ${del.status}`);
  // Both events name the case by its reference (GH-000123).
  const payloads = deliveries.map((del) => ({ type: del.eventType, json: JSON.stringify(del.payload) }));
  for (const c of d.cases) {
    const types = payloads.filter((p) => p.json.includes(`"${c.ref}"`)).map((p) => p.type).sort().join(",");
    if (types !== "case.decided,device.authorized") problem(`case ${c.ref}: webhook deliveries [${types}]`);
  }
  const received = new Map(receiver.events().map((e) => [e.id, e.deliveries]));
  for (const del of deliveries) if (!received.has(del.eventId)) problem(`webhook event ${del.eventId} (${del.eventType}) DELIVERED but never received`);
  const emails = await db.outboundEmail.groupBy({ by: ["caseId"], where: { caseId: { in: ids }, template: "DECISION_APPROVED" }, _count: true });
  for (const id of ids) {
    const n = emails.find((x) => x.caseId === id)?._count ?? 0;
    if (n !== 1) problem(`case ${id}: ${n} DECISION_APPROVED emails`);
  }
  return {
    decidedCases: cases.filter((c) => c.status === "APPROVED").length,
    webhookEvents: deliveries.length,
    webhookAttempts: deliveries.reduce((a, x) => a + x.attempts, 0),
    webhookReceived: [...received.values()].reduce((a, n) => a + n, 0),
    webhookDuplicateDeliveries: [...received.values()].reduce((a, n) => a + n - 1, 0),
  };
}
