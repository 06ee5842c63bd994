// The load scenario's figures, tables and notes, from what the senders, the agents, the monitor and
// the invariant checks recorded.
import os from "node:os";
import type { AgentsResult } from "./load-agents";
import type { LoadInvariants } from "./load-invariants";
import type { SendResult } from "./load-mail";
import type { SinkStats } from "./load-services";
import { percentile, sortedCopy } from "./load";
import { cpuUseCell, type CpuUse, type ProcessMonitor } from "./processes";
import { formatNumber } from "./report";
import type { DetailTable, Figure, ScenarioResult } from "./types";

/** ms after the first POST (performance clock), except agentOffset: the agents' epoch minus ours. */
export interface Timeline {
  lastCaseCreatedAt: number;
  firstProcessedAt: number;
  lastProcessedAt: number;
  intakeDoneAt: number;
  agentsDoneAt: number;
  drainedAt: number;
  lastMailAt: number;
  agentOffset: number;
}

export interface LoadReportInput {
  params: { total: number; firsts: number; duplicates: number; replies: number; agentCount: number; rate: number; senders: number; photo: string; mix: number[]; thinkMs: number; idleMs: number; seed: number };
  photoDesc: string;
  photoKiB: number;
  sent: SendResult;
  agents: AgentsResult;
  inv: LoadInvariants;
  timeline: Timeline;
  cpu: CpuUse;
  monitor: ProcessMonitor;
  sink: SinkStats;
  build: { builtAt: Date; newer: string[] };
  runDir: string;
}

const CPU_ORDER: [string, string][] = [
  ["intake", "intake worker"],
  ["web", "web"],
  ["postgres", "PostgreSQL"],
  ["s3", "s3rver"],
  ["agents", "agents"],
  ["relay", "relay"],
  ["redis", "Redis"],
  ["bench", "bench (senders, SMTP sink, webhook receiver)"],
  ["kernel", "kernel"],
  ["steal", "steal"],
  ["other", "other processes"],
];

const s = (ms: number) => ms / 1000;
const ms = (v: number) => formatNumber(v, v >= 100 ? 0 : 1);
const pct = (xs: number[], p: number) => percentile(sortedCopy(xs), p);
const lat = (xs: number[]) => [xs.length, ...[50, 95, 99, 100].map((p) => pct(xs, p))].map((v, i) => (i === 0 ? formatNumber(v, 0) : ms(v)));

export function loadReport(r: LoadReportInput): ScenarioResult {
  const { sent, agents, inv, timeline: t, cpu, params: p } = r;
  // Replies wait for the agents' resubmission requests, so the edge's rate is taken over the planned mail.
  const planned = sent.deliveries.filter((d) => d.kind !== "reply");
  const edgeSpan = planned.reduce((m, d) => Math.max(m, d.acceptedAt), 0) - sent.firstSendAt;
  const edgeLat = sent.deliveries.map((d) => d.latencyMs);
  const processed = sent.messages.length - inv.lostEmails;
  const got = agents.claims.filter((c) => c.caseId);
  const empty = agents.claims.filter((c) => !c.caseId);
  const toOurs = (at: number) => at + t.agentOffset;
  const firstClaim = got.length ? Math.min(...got.map((c) => toOurs(c.at))) : NaN;
  const lastDecision = agents.decisions.length ? Math.max(...agents.decisions.map((d) => toOurs(d.at + d.ms))) : NaN;
  const agentSpan = lastDecision - firstClaim;
  const agentErrors = Object.values(agents.errors).reduce((a, b) => a + b, 0);
  const refused = Object.values(sent.refusals).reduce((a, b) => a + b, 0);
  const mailIds = new Set(r.sink.messageIds).size;
  const sideEffects = inv.emailsNotSent + inv.webhooksNotDelivered + inv.webhookRowsDuplicated + inv.webhooksNeverReceived + inv.decisionEmailMismatches + inv.unrecordedDecisions + inv.extraInboundRows;
  const peak = (name: string) => {
    const m = r.monitor.peak(name);
    return m ? Math.max(m.hwmMiB, m.sampledMiB) : NaN;
  };
  const kinds = (k: string) => sent.deliveries.filter((d) => d.kind === k).length;

  const figures: Figure[] = [
    { key: "edge.throughput", label: "Edge: deliveries accepted (200) per second (first emails and redeliveries: first POST → last answer)", value: planned.length / s(edgeSpan), unit: "emails/s", digits: 1 },
    { key: "edge.p50", label: "Edge latency p50", value: pct(edgeLat, 50), unit: "ms", digits: 0 },
    { key: "edge.p95", label: "Edge latency p95", value: pct(edgeLat, 95), unit: "ms", digits: 0 },
    { key: "edge.p99", label: "Edge latency p99", value: pct(edgeLat, 99), unit: "ms", digits: 0 },
    { key: "edge.errors", label: "Edge: refused attempts (retried) / deliveries given up", value: refused + sent.givenUp, unit: "", digits: 0, display: `${refused} / ${sent.givenUp}${refused ? ` (${Object.entries(sent.refusals).map(([k, v]) => `${v}× ${k}`).join("; ").slice(0, 200)})` : ""}` },
    { key: "e2e.lastCase", label: "End to end: first POST → last case created", value: s(t.lastCaseCreatedAt), unit: "s", digits: 1 },
    { key: "e2e.lastProcessed", label: "End to end: first POST → last email processed", value: s(t.lastProcessedAt), unit: "s", digits: 1 },
    { key: "intake.throughput", label: "Intake: distinct emails processed per second (first POST → last processed)", value: processed / s(t.lastProcessedAt), unit: "emails/s", digits: 2 },
    { key: "claims.throughput", label: "Agents: claims that got a case per second (first claim → last decision)", value: got.length / s(agentSpan), unit: "claims/s", digits: 2 },
    { key: "claims.p95", label: "Agents: claim-next p95 (calls that got a case)", value: pct(got.map((c) => c.ms), 95), unit: "ms", digits: 0 },
    { key: "decisions.throughput", label: "Agents: decisions per second (first claim → last decision)", value: agents.decisions.length / s(agentSpan), unit: "decisions/s", digits: 2 },
    { key: "decisions.p95", label: "Agents: decision p95", value: pct(agents.decisions.map((d) => d.ms), 95), unit: "ms", digits: 0 },
    { key: "queue.drain", label: "Queue drained: intake finished → agents' last decision", value: Math.max(0, s(lastDecision - t.intakeDoneAt)), unit: "s", digits: 1 },
    { key: "agents.errors", label: "Agents: failed calls (version conflicts retried, not counted)", value: agentErrors, unit: "", digits: 0, display: `${agentErrors}${agentErrors ? ` (${Object.entries(agents.errors).map(([k, v]) => `${v}× ${k}`).join("; ").slice(0, 200)})` : ""}; ${agents.conflicts} conflict(s)` },
    { key: "mail.sent", label: "Outbound emails received by the SMTP sink (distinct Message-IDs)", value: mailIds, unit: "", digits: 0, display: `${formatNumber(mailIds, 0)} of ${formatNumber(inv.outboundEmails, 0)} rows` },
    { key: "mail.repeats", label: "Outbound emails received more than once (at-least-once; receivers dedupe by Message-ID)", value: inv.smtpRepeats, unit: "", digits: 0 },
    { key: "webhooks.delivered", label: "Webhooks received (distinct webhook-ids)", value: inv.webhookIdsReceived, unit: "", digits: 0, display: `${formatNumber(inv.webhookIdsReceived, 0)} of ${formatNumber(inv.webhookEvents, 0)} events` },
    { key: "webhooks.repeats", label: "Webhooks received more than once (at-least-once; receivers dedupe by webhook-id)", value: inv.webhookRepeats, unit: "", digits: 0 },
    { key: "inv.lost", label: "Invariant: accepted emails without their InboundEmail PROCESSED onto a case", value: inv.lostEmails, unit: "", digits: 0 },
    { key: "inv.duplicateCases", label: "Invariant: duplicate cases (cases beyond one per account)", value: inv.duplicateCases, unit: "", digits: 0 },
    { key: "inv.missingAttachments", label: "Invariant: missing attachments (photos without an ACCEPTED document)", value: inv.missingAttachments + inv.missingObjects, unit: "", digits: 0, display: `${inv.missingAttachments + inv.missingObjects} (${inv.missingObjects} S3 object(s) missing)` },
    { key: "inv.decidedTwice", label: "Invariant: cases decided (approved/rejected) twice", value: inv.casesDecidedTwice, unit: "", digits: 0 },
    { key: "inv.doubleClaims", label: "Invariant: double claims", value: inv.doubleClaims, unit: "", digits: 0 },
    { key: "inv.sideEffects", label: "Invariant: side effects missing or doubled (emails not SENT, webhooks not DELIVERED or never received, delivery rows per event > 1, decision emails ≠ decisions, audited ≠ agents' decisions, extra InboundEmail rows)", value: sideEffects, unit: "", digits: 0 },
    { key: "inv.problems", label: "Invariant: problems found by the fault suite's checks (first 50 kept)", value: inv.fault.problems.length, unit: "", digits: 0, display: inv.fault.problems.length ? `${inv.fault.problems.length}: ${inv.fault.problems.slice(0, 3).join("; ")}` : "0" },
    ...["web", "intake", "relay", "s3", "agents"].map((n) => ({ key: `rss.${n}`, label: `Peak RSS, ${n === "s3" ? "local S3 server" : n === "web" ? "web server (next start)" : n === "intake" ? "intake worker" : n === "relay" ? "outbox relay" : "agents process"}`, value: peak(n), unit: "MiB", digits: 0 })),
  ];

  const at = (v: number) => `${formatNumber(s(v), 1)} s`;
  const tables: DetailTable[] = [
    {
      title: "Timeline (after the first POST)",
      columns: ["Moment", "At"],
      rows: [
        ["First email processed", at(t.firstProcessedAt)],
        ["Last delivery accepted by the edge", at(sent.lastAcceptAt - sent.firstSendAt)],
        ["Last case created", at(t.lastCaseCreatedAt)],
        ["Last email processed / intake seen finished", `${at(t.lastProcessedAt)} / ${at(t.intakeDoneAt)}`],
        ["Agents' last decision / agents finished", `${at(lastDecision)} / ${at(t.agentsDoneAt)}`],
        ["Outbox, outbound emails and webhooks drained", at(t.drainedAt)],
      ],
    },
    {
      title: "Agents (latency in ms, from the caller's side: waiting for a pooled connection included)",
      columns: ["Call", "Count", "p50", "p95", "p99", "max"],
      rows: [
        ["claim-next, got a case", ...lat(got.map((c) => c.ms))],
        ["claim-next, queue empty", ...lat(empty.map((c) => c.ms))],
        ...(["APPROVE", "REJECT", "REQUEST_RESUBMISSION"] as const).map((d) => [`decide ${d}`, ...lat(agents.decisions.filter((x) => x.decision === d).map((x) => x.ms))]),
      ],
    },
    {
      title: "Mail, webhooks and replies",
      columns: ["What", "Value"],
      rows: [
        ["Deliveries accepted: first emails · redeliveries · replies", `${kinds("first")} · ${kinds("duplicate")} · ${kinds("reply")} (replies wanted ${sent.repliesWanted}; resubmission requests received ${sent.replyCandidates})`],
        ["Redeliveries the edge answered duplicate=true", `${sent.deliveries.filter((d) => d.kind === "duplicate" && d.duplicate).length} of ${kinds("duplicate")}`],
        ["Replies: how intake threaded them (CUSTOMER_REPLIED events)", JSON.stringify(inv.replyThreading)],
        ["Decision outcomes", JSON.stringify(Object.fromEntries(["APPROVED", "REJECTED", "AWAITING_CUSTOMER", "PENDING_SECOND_APPROVAL"].map((o) => [o, agents.decisions.filter((d) => d.outcome === o).length])))],
        ["SMTP sink, by subject", JSON.stringify(r.sink.bySubject)],
        ["Fault-suite check figures", JSON.stringify({ inboundEmails: inv.fault.inboundEmails, cases: inv.fault.cases, documents: inv.fault.documents, objectsChecked: inv.fault.objectsChecked, orphanRawObjects: inv.fault.orphanRawObjects, auditEntries: inv.fault.auditEntries, intakeAttempts: inv.fault.intakeAttempts })],
      ],
    },
    { title: "CPU over the load (first POST → drained), in cores", columns: ["Processes", "Cores"], rows: [["all", cpuUseCell(cpu, CPU_ORDER)]] },
  ];

  const perEmail = (g: string) => ((cpu.groups[g] ?? 0) * cpu.wallMs) / Math.max(1, processed);
  const notes = [
    `Photos: ${p.photo === "small" ? `every email carries two distinct ${r.photoDesc} JPEGs of ~${formatNumber(r.photoKiB, 0)} KiB (a document-scan or cropped photo). The intake bench's ~5 MB 12 MP phone photos make intake CPU-bound at ~1 email/s end to end on these 2 cores (bench/RESULTS.md "intake"; issue 4), so 10,000 such emails would take ~3 h; --photo phone runs them.` : `two distinct ${r.photoDesc} phone photos per email (~${formatNumber(r.photoKiB, 0)} KiB).`} Photos are distinct per email so that reuse detection does not flag them (REUSED_PHOTO would send every approval to a second supervisor).`,
    `Mail: ${p.firsts} accounts each send one email with front and back (a case opens); ${p.duplicates} of those are delivered again 1–100 places later (same bytes and Message-ID, signed afresh: the edge must answer duplicate=true with the first id); replies (up to ${p.replies}) answer the agents' resubmission requests as they reach the SMTP sink — In-Reply-To/References of our email, "Re:" and the case tag in the subject, sent to the case's Reply-To — with two new photos, so they join the case AWAITING_CUSTOMER and send it back to its agent (IN_REVIEW).`,
    `Agents: ${p.agentCount} in one process of their own, each looping: a case of theirs back from the customer first, else claim-next; decide at once (think time ${p.thinkMs} ms; mix approve/reject/resubmission ${p.mix.join("/")} %, approvals with a fresh step-up); ${p.idleMs} ms pause when the queue is empty. They share the process's Prisma pool (DATABASE_POOL_MAX). Nobody decides faster than intake opens cases, so claims/s and decisions/s follow intake's rate; their latencies are the figures that say how the queue holds under load.`,
    `What limits the run: intake. Over the load the intake worker used ${formatNumber(cpu.groups.intake ?? 0, 2)} cores (${ms(perEmail("intake"))} ms of CPU per processed email; 2 job slots), web ${formatNumber(cpu.groups.web ?? 0, 2)}, PostgreSQL ${formatNumber(cpu.groups.postgres ?? 0, 2)}, s3rver ${formatNumber(cpu.groups.s3 ?? 0, 2)}, agents ${formatNumber(cpu.groups.agents ?? 0, 2)}; the machine was ${formatNumber((100 * cpu.machine) / cpu.cores, 0)}% busy on ${cpu.cores} cores. The edge accepts faster than intake processes, so a backlog builds in the intake queue and drains after the last POST.`,
    `The machine was shared: other engineers ran tests and builds on it during the run; other processes used ${formatNumber(cpu.other, 2)} cores on average over the load (kernel ${formatNumber(cpu.kernel, 2)}, steal ${formatNumber(cpu.steal, 2)}), CPU taken from the services measured on ${os.cpus().length} cores.`,
    `Not running: the scheduler (SLA marks, expiry, retention), which is idle work at this scale. The web server runs the production build (.next, built ${r.build.builtAt.toISOString().slice(0, 16).replace("T", " ")} UTC)${r.build.newer.length ? `; ${r.build.newer.length} source file(s) are newer (e.g. ${r.build.newer.slice(0, 3).join(", ")}), so the edge ran the code as of the build while workers and agents ran the current sources` : ", up to date with the sources"}. Logs: ${r.runDir}.`,
  ];

  return {
    dataSize: `${formatNumber(p.total, 0)} deliveries (${formatNumber(p.firsts, 0)} accounts' first emails, ${formatNumber(p.duplicates, 0)} redeliveries, ${formatNumber(sent.deliveries.filter((d) => d.kind === "reply").length, 0)} replies), two ${r.photoDesc} photos of ~${formatNumber(r.photoKiB, 0)} KiB each; ${p.agentCount} agents`,
    params: { emails: p.total, agents: p.agentCount, senders: p.senders, rate: p.rate || "as fast as the senders go", photo: p.photo, "duplicate-share": `${Math.round((100 * p.duplicates) / p.total)}%`, "reply-share": `${Math.round((100 * p.replies) / p.total)}%`, mix: p.mix.join("/"), think: p.thinkMs, "idle-ms": p.idleMs, seed: p.seed, "intake worker": "2 intake + 4 delivery slots (workers/intake.ts)" },
    figures,
    tables,
    notes,
  };
}
