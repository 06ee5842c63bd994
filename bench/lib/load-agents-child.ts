// The load scenario's agents, in a process of their own (started by load-agents.ts with the bench
// environment and LOAD_AGENTS = AgentSettings as JSON). Each agent loops: a case of theirs that a
// customer's reply put back IN_REVIEW first, else claim-next; then decide it (approve with a fresh
// step-up, reject, or ask for new photos, in the configured mix) through the same use cases the
// console and the API call. When the parent says intake is finished, an agent stops at the first
// moment it holds nothing and claim-next has nothing for it.
import { performance } from "node:perf_hooks";
import type { Actor } from "../../lib/auth/actor";
import { claimNext } from "../../lib/cases/claim";
import { formatCaseRef } from "../../lib/cases/case-ref";
import { decideCase } from "../../lib/cases/decide";
import { db } from "../../lib/db";
import { isAppError } from "../../lib/errors";
import type { AgentSettings, AgentsResult, ClaimRecord, DecisionRecord, FromChild, ToChild } from "./load-agents";
import { mulberry32 } from "./prng";

const settings = JSON.parse(process.env.LOAD_AGENTS ?? "null") as AgentSettings | null;
if (!settings) throw new Error("LOAD_AGENTS is not set: the load scenario starts this process");

const epoch = Date.now();
const t0 = performance.now();
const now = () => performance.now() - t0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const send = (m: FromChild) => process.send?.(m);

let intakeDone = false;
let stopNow = false;
process.on("message", (m: ToChild) => {
  if (m.type === "intake-done") intakeDone = true;
  else stopNow = true;
});

const claims: ClaimRecord[] = [];
const decisions: DecisionRecord[] = [];
const errors: Record<string, number> = {};
let conflicts = 0;
/** Cases whose decision failed (other than a conflict) 5 times: left for a human, counted as errors. */
const failures = new Map<string, number>();
const abandoned: string[] = [];

const rng = mulberry32;

function pick(r: number): DecisionRecord["decision"] {
  const [approve, reject] = settings!.mix;
  const p = r * 100;
  return p < approve ? "APPROVE" : p < approve + reject ? "REJECT" : "REQUEST_RESUBMISSION";
}

function input(decision: DecisionRecord["decision"], ref: string, version: number) {
  if (decision === "APPROVE") return { ref, version, decision, note: "photos match the KYC record" };
  if (decision === "REJECT") return { ref, version, decision, reasonCodes: ["DOCUMENT_UNREADABLE"] };
  return { ref, version, decision, reasonCodes: ["BLURRY"] };
}

async function agent(index: number, staffId: string): Promise<void> {
  const random = rng(settings!.seed * 1000 + index);
  const request = (what: string) => ({ requestId: `load-${what}-${index}-${claims.length + decisions.length}`, ip: "198.51.100.40", userAgent: "bench-load" });
  for (;;) {
    if (stopNow) return;
    // A case of mine back from the customer (or one whose decision failed) comes first.
    let held = await db.reviewCase.findFirst({ where: { assigneeId: staffId, status: "IN_REVIEW", id: { notIn: abandoned } }, select: { id: true, number: true, version: true }, orderBy: { updatedAt: "asc" } });
    if (!held) {
      const actor: Actor = { type: "STAFF", id: staffId, role: "AGENT" };
      const at = now();
      try {
        const r = await claimNext(actor, { request: request("claim") });
        claims.push({ agent: index, at, ms: now() - at, caseId: r.case?.id ?? null });
        if (r.case) held = { id: r.case.id, number: Number(r.case.ref.replace(/\D/g, "")), version: r.case.version };
      } catch (err) {
        const key = `claim: ${isAppError(err) ? err.code : err instanceof Error ? err.message.split("\n").slice(-1)[0].slice(0, 120) : String(err)}`;
        errors[key] = (errors[key] ?? 0) + 1;
      }
    }
    if (!held) {
      if (intakeDone) return;
      await sleep(settings!.idleMs * (0.5 + random()));
      continue;
    }
    if (settings!.thinkMs > 0) await sleep(settings!.thinkMs * (0.5 + random()));
    const decision = pick(random());
    const ref = formatCaseRef(held.number);
    // Approving needs a fresh step-up (password or TOTP within STEP_UP_SECONDS): the agent just gave it.
    const actor: Actor = { type: "STAFF", id: staffId, role: "AGENT", steppedUpAt: new Date() };
    const at = now();
    try {
      const r = await decideCase(actor, input(decision, ref, held.version), { request: request("decide") });
      decisions.push({ agent: index, at, ms: now() - at, caseId: held.id, ref, decision, outcome: r.outcome });
    } catch (err) {
      // A customer's email joined the case between reading and deciding: read it again and decide anew.
      if (isAppError(err) && err.code === "CONFLICT") conflicts++;
      else {
        const key = `decide: ${isAppError(err) ? `${err.code} ${err.message.slice(0, 100)}` : err instanceof Error ? err.message.split("\n").slice(-1)[0].slice(0, 120) : String(err)}`;
        errors[key] = (errors[key] ?? 0) + 1;
        failures.set(held.id, (failures.get(held.id) ?? 0) + 1);
        if (failures.get(held.id)! >= 5) abandoned.push(held.id);
        await sleep(500);
      }
    }
  }
}

async function main(): Promise<void> {
  const s = settings!;
  const cpu0 = process.cpuUsage();
  const progress = setInterval(() => send({ type: "progress", claims: claims.filter((c) => c.caseId).length, decisions: decisions.length }), 2_000);
  await Promise.all(s.agentIds.map((id, i) => agent(i, id)));
  clearInterval(progress);
  const cpu = process.cpuUsage(cpu0);
  const result: AgentsResult = {
    epoch,
    claims,
    decisions,
    conflicts,
    errors,
    finishedAt: now(),
    stoppedEarly: stopNow,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  // The result can be a few MB: disconnecting before it is written would drop it.
  await new Promise<void>((resolve, reject) => process.send?.({ type: "result", result } satisfies FromChild, (err: Error | null) => (err ? reject(err) : resolve())) ?? resolve());
  await db.$disconnect();
  process.disconnect?.();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
