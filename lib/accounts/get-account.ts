import { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { formatCaseRef } from "../cases/case-ref";
import { config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { CasePriority, CaseStatus, KycStatus, RiskFlag } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { deviceSelect, toDeviceView, type DeviceView } from "./device-view";
import { assessLoginRisk, type RiskAssessment } from "./risk-flags";
import { parseInput } from "./shared";

// Everything the account page shows above the login history: identity, devices, login-derived
// risk flags with their evidence, and the account's review cases. Reading is not audited here
// (personal-data access auditing is issue 7).

export const ZGetAccountInput = z.strictObject({ uid: z.string().trim().min(1).max(100) });
export type TGetAccountInput = z.input<typeof ZGetAccountInput>;

export interface AccountIdentity {
  uid: string;
  realName: string | null;
  kycStatus: KycStatus;
  /** Identity-verified (KYC VERIFIED): the face check or ID photos can authorise devices. */
  verified: boolean;
  email: string;
  phone: string | null;
  locale: string | null;
  /** Items an identity-unverified account must pass to authorise a device (e.g. EMAIL_CODE, SMS_CODE). */
  securityItems: string[];
  /** An ID document fingerprint is on file (the hash itself is never shown). */
  idDocumentOnFile: boolean;
  /** Another account already holds this account's ID document: approval needs a supervisor override. */
  idConflict: { uid: string | null } | null;
  updatedAt: Date;
}

export interface AccountCaseRow {
  id: string;
  ref: string;
  status: CaseStatus;
  priority: CasePriority;
  riskFlags: RiskFlag[];
  deviceId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface AccountDetail {
  identity: AccountIdentity;
  devices: DeviceView[];
  risk: RiskAssessment;
  cases: AccountCaseRow[];
  /** More cases exist than the CASE_LIMIT newest shown. */
  casesTruncated: boolean;
  /** The expiry rule the countdowns use. */
  deviceExpiryDays: number;
}

export const CASE_LIMIT = 50;

/** One account by its public uid, for staff with account.read. NOT_FOUND when there is none. */
export async function getAccount(actor: Actor, input: TGetAccountInput, opts: { request?: RequestContext; now?: Date } = {}): Promise<AccountDetail> {
  await requireStaff(actor, "account.read", { request: opts.request });
  const { uid } = parseInput(ZGetAccountInput, input);
  const now = opts.now ?? new Date();
  const account = await db.account.findUnique({
    where: { uid },
    select: { id: true, uid: true, realName: true, kycStatus: true, email: true, phone: true, locale: true, securityItems: true, idFingerprint: true, idConflictAccountId: true, updatedAt: true },
  });
  if (!account) throw new AppError("NOT_FOUND", "No account with this uid.");

  const [conflict, devices, cases, risk] = await Promise.all([
    account.idConflictAccountId ? db.account.findUnique({ where: { id: account.idConflictAccountId }, select: { uid: true } }) : null,
    db.device.findMany({ where: { accountId: account.id }, orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }], select: deviceSelect }),
    db.reviewCase.findMany({
      where: { accountId: account.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: CASE_LIMIT + 1,
      select: { id: true, number: true, status: true, priority: true, riskFlags: true, deviceId: true, createdAt: true, decidedAt: true },
    }),
    assessLoginRisk(account.id, now),
  ]);

  // Decision cases are normally this account's; look up any that are not among the newest shown.
  const caseNumbers = new Map(cases.map((c) => [c.id, c.number]));
  const missing = [...new Set(devices.flatMap((d) => (d.decisionCaseId && !caseNumbers.has(d.decisionCaseId) ? [d.decisionCaseId] : [])))];
  if (missing.length) {
    for (const c of await db.reviewCase.findMany({ where: { id: { in: missing } }, select: { id: true, number: true } })) caseNumbers.set(c.id, c.number);
  }

  const { id: _id, idFingerprint, idConflictAccountId, ...identity } = account;
  return {
    identity: {
      ...identity,
      verified: account.kycStatus === "VERIFIED",
      idDocumentOnFile: idFingerprint !== null,
      // A conflict whose other account is gone is still a conflict (uid null).
      idConflict: idConflictAccountId ? { uid: conflict?.uid ?? null } : null,
    },
    devices: devices.map((d) => toDeviceView(d, caseNumbers, config.DEVICE_EXPIRY_DAYS, now)),
    risk,
    cases: cases.slice(0, CASE_LIMIT).map(({ number, ...c }) => ({ ...c, ref: formatCaseRef(number) })),
    casesTruncated: cases.length > CASE_LIMIT,
    deviceExpiryDays: config.DEVICE_EXPIRY_DAYS,
  };
}
