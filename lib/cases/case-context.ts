import { deviceSelect, toDeviceView, type DeviceView } from "../accounts/device-view";
import { listLogins, type LoginRow } from "../accounts/list-logins";
import type { Actor } from "../auth/actor";
import { decide } from "../auth/authorize";
import { requireStaff } from "../auth/require-staff";
import { config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { formatCaseRef } from "./case-ref";
import { duplicateIdHits, reusedPhotoHits, type RiskHits } from "./case-context-hits";
import { caseThread, type ThreadItem } from "./case-context-thread";
import { compareNames, type NameMatch } from "./name-match";
import { caseNumberOf } from "./shared";

export type { RiskHits, DuplicateIdAccount, ReusedPhotoHit } from "./case-context-hits";
export type { ThreadItem, ThreadInbound, ThreadOutbound } from "./case-context-thread";

// What the case workspace shows beside the ID viewer, on top of getCase: the name check, where
// the ID or photos were seen on other accounts and cases, the account's devices and recent logins
// (account.read), and the email thread. Read-only; reading is not audited (as getCase).

export interface NameCheck {
  kycName: string | null;
  /** The case carries NAME_MISMATCH. */
  flagged: boolean;
  /** Intake reads no name off the documents (no OCR/MRZ): the names compared are the senders' display names. */
  documentNameRecorded: false;
  /** Each distinct sender display name on the case's emails, oldest first. */
  senders: { name: string; emails: number; match: NameMatch }[];
}

export interface AccountActivity {
  uid: string;
  devices: DeviceView[];
  deviceExpiryDays: number;
  /** Newest first. */
  logins: LoginRow[];
  moreLogins: boolean;
}

export interface CaseContext {
  nameCheck: NameCheck;
  risk: RiskHits;
  /** Null for staff without account.read. */
  activity: AccountActivity | null;
  /** Oldest first; message bodies come from getCaseEmailBodies. */
  thread: ThreadItem[];
}

export const RECENT_LOGINS = 10;

async function accountDevices(accountId: string, now: Date): Promise<DeviceView[]> {
  const devices = await db.device.findMany({ where: { accountId }, orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }], select: deviceSelect });
  const caseIds = [...new Set(devices.flatMap((d) => (d.decisionCaseId ? [d.decisionCaseId] : [])))];
  const cases = caseIds.length ? await db.reviewCase.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true } }) : [];
  const numbers = new Map(cases.map((c) => [c.id, c.number]));
  return devices.map((d) => toDeviceView(d, numbers, config.DEVICE_EXPIRY_DAYS, now));
}

async function activityOf(actor: Actor, account: { id: string; uid: string }, now: Date, request?: RequestContext): Promise<AccountActivity> {
  const [devices, logins] = await Promise.all([accountDevices(account.id, now), listLogins(actor, { uid: account.uid, limit: RECENT_LOGINS }, { request })]);
  return { uid: account.uid, devices, deviceExpiryDays: config.DEVICE_EXPIRY_DAYS, logins: logins.items, moreLogins: logins.nextCursor !== null };
}

function nameCheck(kycName: string | null, flagged: boolean, thread: ThreadItem[]): NameCheck {
  const senders = new Map<string, { name: string; emails: number }>();
  for (const item of thread) {
    if (item.kind !== "inbound" || !item.sender.name) continue;
    const seen = senders.get(item.sender.name) ?? { name: item.sender.name, emails: 0 };
    seen.emails += 1;
    senders.set(item.sender.name, seen);
  }
  return { kycName, flagged, documentNameRecorded: false, senders: [...senders.values()].map((s) => ({ ...s, match: compareNames(kycName, s.name) })) };
}

/** The context of a case by its reference (queue.read; devices and logins also need account.read). */
export async function getCaseContext(actor: Actor, ref: string, opts: { request?: RequestContext; now?: Date } = {}): Promise<CaseContext> {
  await requireStaff(actor, "queue.read", { request: opts.request });
  const number = caseNumberOf(ref);
  const now = opts.now ?? new Date();
  const c = await db.reviewCase.findUnique({
    where: { number },
    select: {
      id: true,
      accountId: true,
      riskFlags: true,
      account: { select: { id: true, uid: true, realName: true, idConflictAccountId: true } },
      documents: { select: { id: true, sha256: true, side: true } },
      events: { where: { type: "DOCUMENT_ADDED" }, select: { data: true } },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", `There is no case ${formatCaseRef(number)}.`);
  // Asked without auditing a refusal: staff without account.read simply do not get the panels.
  const readsAccounts = decide(actor, "account.read").allowed;

  const [thread, duplicates, reused, activity] = await Promise.all([
    caseThread(c.id, number),
    duplicateIdHits(c.account),
    reusedPhotoHits(c, c.documents, c.events),
    readsAccounts ? activityOf(actor, c.account, now, opts.request) : null,
  ]);
  return {
    nameCheck: nameCheck(c.account.realName, c.riskFlags.includes("NAME_MISMATCH"), thread),
    risk: {
      duplicateId: { flagged: c.riskFlags.includes("DUPLICATE_ID"), accounts: duplicates },
      reusedPhoto: { flagged: c.riskFlags.includes("REUSED_PHOTO"), hits: reused },
    },
    activity,
    thread,
  };
}
