import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError } from "../errors";
import type { CaseEventType, DevicePlatform, DeviceStatus, DocumentSide, KycStatus, RejectReason, VettingVerdict } from "../generated/prisma/enums";
import type { RequestContext } from "../http/request-context";
import { formatCaseRef } from "./case-ref";
import { queueRowSelect, toQueueRow, VIEWABLE_VERDICTS } from "./queue-row";
import type { QueueRow } from "./queue-types";
import { caseNumberOf } from "./shared";

// One case as the workspace and GET /api/v1/cases/{ref} show it. Documents are metadata only:
// no storage keys, no bytes, no links (images go through the audited document route).

export interface CaseDetail {
  case: QueueRow & {
    decidedAt: string | null;
    decidedBy: { id: string; name: string } | null;
    rejectReasons: RejectReason[];
    decisionNote: string | null;
    reopenedAt: string | null;
    lastCustomerMsgAt: string | null;
  };
  account: { uid: string; realName: string | null; kycStatus: KycStatus; verified: boolean; email: string; phone: string | null; idConflict: boolean };
  device: { id: string; externalId: string; platform: DevicePlatform; model: string | null; appVersion: string | null; status: DeviceStatus; lastLoginAt: string | null } | null;
  documents: {
    id: string;
    side: DocumentSide;
    verdict: VettingVerdict;
    verdictReason: string | null;
    sniffedType: string | null;
    sizeBytes: number;
    width: number | null;
    height: number | null;
    createdAt: string;
    purged: boolean;
    /** An image agents can open (a re-encoded JPEG is stored and not purged). */
    viewable: boolean;
  }[];
  notes: { id: string; body: string; createdAt: string; author: { id: string; name: string } }[];
  /** Oldest first. */
  timeline: { id: string; type: CaseEventType; createdAt: string; actor: { id: string; name: string } | null; data: unknown }[];
}

/** Timeline and notes beyond this many are cut (a case has a few dozen at most). */
const MAX_ITEMS = 1000;

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** A case by its reference (GH-000123): 400 when the text is not one, 404 when there is no such case. Needs queue.read. */
export async function getCase(actor: Actor, ref: string, opts: { request?: RequestContext; now?: Date } = {}): Promise<CaseDetail> {
  await requireStaff(actor, "queue.read", { request: opts.request });
  const number = caseNumberOf(ref);
  const now = opts.now ?? new Date();
  const c = await db.reviewCase.findUnique({
    where: { number },
    select: {
      ...queueRowSelect,
      decidedAt: true,
      rejectReasons: true,
      decisionNote: true,
      reopenedAt: true,
      lastCustomerMsgAt: true,
      decidedBy: { select: { id: true, name: true } },
      account: { select: { uid: true, email: true, realName: true, kycStatus: true, phone: true, idConflictAccountId: true } },
      device: { select: { id: true, externalId: true, platform: true, model: true, appVersion: true, status: true, lastLoginAt: true } },
      documents: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: MAX_ITEMS,
        select: { id: true, side: true, verdict: true, verdictReason: true, sniffedType: true, sizeBytes: true, width: true, height: true, createdAt: true, purgedAt: true, normalizedKey: true },
      },
      notes: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: MAX_ITEMS, select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true } } } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: MAX_ITEMS, select: { id: true, type: true, createdAt: true, data: true, actor: { select: { id: true, name: true } } } },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", `There is no case ${formatCaseRef(number)}.`);
  const { account, device } = c;
  return {
    case: {
      // The documents are loaded below anyway: count the viewable ones here, not with a second query.
      ...toQueueRow(c, now, c.documents.filter((d) => VIEWABLE_VERDICTS.includes(d.verdict)).length),
      decidedAt: iso(c.decidedAt),
      decidedBy: c.decidedBy,
      rejectReasons: c.rejectReasons,
      decisionNote: c.decisionNote,
      reopenedAt: iso(c.reopenedAt),
      lastCustomerMsgAt: iso(c.lastCustomerMsgAt),
    },
    account: {
      uid: account.uid,
      realName: account.realName,
      kycStatus: account.kycStatus,
      verified: account.kycStatus === "VERIFIED",
      email: account.email,
      phone: account.phone,
      idConflict: account.idConflictAccountId !== null,
    },
    device: device ? { ...device, lastLoginAt: iso(device.lastLoginAt) } : null,
    documents: c.documents.map(({ purgedAt, createdAt, normalizedKey, ...d }) => ({
      ...d,
      createdAt: createdAt.toISOString(),
      purged: purgedAt !== null,
      viewable: d.verdict === "ACCEPTED" && normalizedKey !== null && purgedAt === null,
    })),
    notes: c.notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
    timeline: c.events.map((e) => ({ id: e.id, type: e.type, createdAt: e.createdAt.toISOString(), actor: e.actor, data: e.data })),
  };
}
