// Review cases in the states the queue cares about, each on its own account (so searches by uid
// or email find exactly one case), plus ID documents with a given vetting verdict.
import { randomUUID } from "node:crypto";
import { formatCaseRef } from "@/lib/cases/case-ref";
import type { AppError } from "@/lib/errors";
import { db, type CasePriority, type CaseStatus, type RiskFlag, type VettingVerdict } from "@/lib/db";

export const MIN = 60_000;

export interface CaseOpts {
  status?: CaseStatus;
  priority?: CasePriority;
  assigneeId?: string | null;
  slaDueAt?: Date;
  slaBreachedAt?: Date | null;
  riskFlags?: RiskFlag[];
  createdAt?: Date;
  updatedAt?: Date;
  email?: string;
  accountId?: string;
  verdicts?: VettingVerdict[];
}

export interface MadeCase {
  id: string;
  ref: string;
  number: number;
  accountId: string;
  uid: string;
  email: string;
}

export async function makeAccount(email = `customer-${randomUUID().slice(0, 8)}@mail.example.com`): Promise<{ id: string; uid: string; email: string }> {
  return db.account.create({
    data: { uid: `U${randomUUID().replaceAll("-", "").slice(0, 12)}`, email, emailNormalized: email.trim().toLowerCase(), realName: "Alex Example", kycStatus: "VERIFIED" },
    select: { id: true, uid: true, email: true },
  });
}

export async function makeQueueCase(opts: CaseOpts = {}): Promise<MadeCase> {
  const account = opts.accountId
    ? await db.account.findUniqueOrThrow({ where: { id: opts.accountId }, select: { id: true, uid: true, email: true } })
    : await makeAccount(opts.email);
  const row = await db.reviewCase.create({
    data: {
      accountId: account.id,
      status: opts.status ?? "NEW",
      priority: opts.priority ?? "NORMAL",
      assigneeId: opts.assigneeId ?? null,
      slaDueAt: opts.slaDueAt ?? new Date(Date.now() + 240 * MIN),
      slaBreachedAt: opts.slaBreachedAt ?? null,
      riskFlags: opts.riskFlags ?? [],
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
      ...(opts.updatedAt ? { updatedAt: opts.updatedAt } : {}),
      ...(opts.status === "APPROVED" || opts.status === "REJECTED" ? { decidedAt: new Date() } : {}),
    },
    select: { id: true, number: true },
  });
  if (opts.verdicts?.length) await addDocuments(row.id, account.id, opts.verdicts);
  return { id: row.id, number: row.number, ref: formatCaseRef(row.number), accountId: account.id, uid: account.uid, email: account.email };
}

/** One inbound email carrying one document per verdict, attached to the case. */
export async function addDocuments(caseId: string, accountId: string, verdicts: VettingVerdict[]): Promise<string[]> {
  const email = await db.inboundEmail.create({
    data: { provider: "MIME", providerMessageId: `cases-${randomUUID()}`, rawKey: `quarantine/raw/${randomUUID()}.eml`, rawSha256: "0".repeat(64), rawSize: 1, status: "PROCESSED", accountId, caseId },
    select: { id: true },
  });
  const ids: string[] = [];
  for (const [i, verdict] of verdicts.entries()) {
    const d = await db.document.create({
      data: {
        inboundEmailId: email.id,
        caseId,
        originalKey: `quarantine/originals/${randomUUID()}`,
        normalizedKey: verdict === "ACCEPTED" ? `documents/${randomUUID()}.jpg` : null,
        sha256: String(i).repeat(64).slice(0, 64),
        sizeBytes: 1000 + i,
        width: 1200,
        height: 800,
        sniffedType: "image/jpeg",
        side: i === 0 ? "FRONT" : "BACK",
        verdict,
      },
      select: { id: true },
    });
    ids.push(d.id);
  }
  return ids;
}

/** Audit entries of one action on one case, oldest first. */
export async function caseAudits(caseId: string, action: string) {
  return db.auditEntry.findMany({ where: { caseId, action }, orderBy: { seq: "asc" } });
}

/** The error a call was refused with; fails the test when the call succeeded. */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
  if (!err) throw new Error("expected a refusal");
  return err;
}
