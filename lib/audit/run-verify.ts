import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../http/parse-input";
import { appendAudit } from "./append";
import { verifyChain, type VerifyResult } from "./verify";
import { parseBound, resolveRange } from "./verify-range";

export const ZVerifyInput = z.strictObject({
  from: z.string().trim().max(40).optional(),
  to: z.string().trim().max(40).optional(),
});
export type TVerifyInput = z.input<typeof ZVerifyInput>;

/** A verification as the console, the API and the CLI show it (seqs as strings: JSON has no bigint). */
export interface VerifyReport {
  ok: boolean;
  from: string | null;
  to: string | null;
  checked: number;
  firstSeq: string | null;
  lastSeq: string | null;
  headHash: string | null;
  firstBreak: { kind: string; seq: string; expectedSeq: string | null; message: string; entry: { seq: string; action: string; occurredAt: string } | null } | null;
  anchors: { checked: number; problems: { kind: string; seq: string; objectKey: string; message: string }[] };
  durationMs: number;
}

type Via = "cli" | "console" | "api";

/** Recomputes the chain (or a range of it) and its anchors; needs audit.verify (AUDITOR, ADMIN). Audited. */
export async function verifyAuditChain(actor: Actor, input: TVerifyInput, opts: { request?: RequestContext; via: Via }): Promise<VerifyReport> {
  await requireStaff(actor, "audit.verify", { request: opts.request });
  return verifyAuditChainUnchecked(input, { ...opts, actor });
}

/** For the ops CLI, whose caller already holds the database: no permission check, still audited. */
export async function verifyAuditChainUnchecked(input: TVerifyInput, opts: { actor: Actor; request?: RequestContext; via: Via }): Promise<VerifyReport> {
  const { from, to } = parseInput(ZVerifyInput, input);
  const range = await resolveRange(parseBound(from, "from"), parseBound(to, "to"));
  const started = performance.now();
  const empty: VerifyResult = { ok: true, checked: 0, firstSeq: null, lastSeq: null, headHash: null, firstBreak: null, anchors: { checked: 0, problems: [] } };
  const res = range.empty ? empty : await verifyChain({ fromSeq: range.fromSeq, toSeq: range.toSeq });
  const report = toReport(res, range, Math.round(performance.now() - started));
  // Reading the audit trail is itself audited, in its own transaction after the read.
  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: "audit.chain_verified",
      actor: opts.actor,
      outcome: res.ok ? "SUCCESS" : "FAILURE",
      request: opts.request,
      data: {
        from: report.firstSeq ?? report.from ?? "1",
        to: report.lastSeq ?? report.to ?? "0",
        entries: res.checked,
        ok: res.ok,
        anchors: res.anchors.checked,
        firstBreakSeq: report.firstBreak?.seq ?? report.anchors.problems[0]?.seq ?? null,
        via: opts.via,
      },
    }),
  );
  return report;
}

function toReport(res: VerifyResult, range: { fromSeq?: bigint; toSeq?: bigint }, durationMs: number): VerifyReport {
  const b = res.firstBreak;
  return {
    ok: res.ok,
    from: range.fromSeq?.toString() ?? null,
    to: range.toSeq?.toString() ?? null,
    checked: res.checked,
    firstSeq: res.firstSeq?.toString() ?? null,
    lastSeq: res.lastSeq?.toString() ?? null,
    headHash: res.headHash,
    firstBreak: b
      ? {
          kind: b.kind,
          seq: b.seq.toString(),
          expectedSeq: b.kind === "GAP" ? b.expectedSeq.toString() : null,
          message: b.message,
          entry: b.entry ? { seq: b.entry.seq.toString(), action: b.entry.action, occurredAt: b.entry.occurredAt.toISOString() } : null,
        }
      : null,
    anchors: { checked: res.anchors.checked, problems: res.anchors.problems.map((p) => ({ kind: p.kind, seq: p.seq.toString(), objectKey: p.objectKey, message: p.message })) },
    durationMs,
  };
}
