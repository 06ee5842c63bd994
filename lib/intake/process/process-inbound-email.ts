import { logger } from "../../log";
import { commitInboundEmail, type ProcessResult } from "./commit";
import { markInboundFailed } from "./failure";
import { prepareInboundEmail } from "./prepare";

export interface ProcessOptions {
  /** The clock for processedAt, SLA and event times (tests). */
  now?: () => Date;
}

/**
 * Turns a stored InboundEmail into documents and a review case (or the Unmatched list): claim,
 * parse, vet and store the parts (S3, outside any transaction), then one transaction for every
 * row, reply and audit entry. Safe to run twice or again after a crash at any point: finished
 * emails are skipped, object keys and document ids are deterministic, the transaction re-checks.
 * A message that cannot be parsed is marked FAILED at once; any other error propagates so the
 * queue retries it (lib/intake/jobs.ts marks it FAILED after the last attempt).
 */
export async function processInboundEmail(inboundEmailId: string, opts: ProcessOptions = {}): Promise<ProcessResult> {
  const empty = { inboundEmailId, accountId: null, caseId: null, documentIds: [], riskFlags: [], replies: [] };
  const prepared = await prepareInboundEmail(inboundEmailId);
  if (prepared.kind === "done") return { ...empty, outcome: "skipped", status: prepared.status };
  if (prepared.kind === "unparseable") {
    await markInboundFailed(inboundEmailId, prepared.reason);
    logger.warn({ inboundEmailId, attempts: prepared.attempts }, "inbound email cannot be parsed; marked failed");
    return { ...empty, outcome: "failed", status: "FAILED" };
  }
  const result = await commitInboundEmail(prepared.prepared, opts.now?.() ?? new Date());
  logger.info(
    { inboundEmailId, outcome: result.outcome, caseId: result.caseId, accountId: result.accountId, documents: result.documentIds.length, riskFlags: result.riskFlags },
    "inbound email processed",
  );
  return result;
}
