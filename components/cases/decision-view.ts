import { FOUR_EYES_FLAGS } from "@/lib/cases/decision-types";
import type { CaseDetail } from "@/lib/cases/get-case";

// What the decision panel may offer the viewer, worked out on the server page from the case and
// the viewer's permissions. The use cases check all of it again; this only hides what would be
// refused, so the page never offers an action that cannot work.

export interface DecisionView {
  caseRef: string;
  version: number;
  status: string;
  can: { approve: boolean; reject: boolean; resubmit: boolean; escalate: boolean; secondApproval: boolean; reopen: boolean };
  /** The case's risk flags that send an approval to a second supervisor. */
  fourEyesFlags: string[];
  /** The device under review, as agents know it ("iPhone 15 · ios-123"). */
  device: string | null;
  assignee: string | null;
  /** The viewer is the assignee. */
  mine: boolean;
  /** The viewer may decide cases at all (case.decide). */
  decider: boolean;
  /** The account's ID already verifies another account: approving overrides that block (supervisors only). */
  idBlock: "override" | "blocked" | null;
  pending: { requestedBy: string | null; requestedAt: string | null; byMe: boolean } | null;
  decided: { at: string | null; by: string | null; reopenUntil: string | null } | null;
}

export interface Viewer {
  staffId: string | null;
  has(permission: "case.decide" | "case.escalate" | "case.assign" | "case.approve_second" | "case.reopen" | "device.override_block"): boolean;
  reopenWindowHours: number;
  now: number;
}

const DECIDABLE = new Set(["NEW", "IN_REVIEW", "AWAITING_CUSTOMER", "ESCALATED"]);
const HOUR = 3_600_000;

/** Who asked for the pending second approval: the last "approval requested" entry on the timeline. */
function pendingRequest(detail: CaseDetail): { id: string | null; name: string | null; at: string | null } {
  const ev = detail.timeline.findLast((e) => e.type === "APPROVAL_REQUESTED");
  return { id: ev?.actor?.id ?? null, name: ev?.actor?.name ?? null, at: ev?.createdAt ?? null };
}

export function decisionView(detail: CaseDetail, viewer: Viewer): DecisionView {
  const c = detail.case;
  const mine = !!c.assignee && c.assignee.id === viewer.staffId;
  const supervisor = viewer.has("case.assign");
  // The assignee decides; a supervisor may take over an assigned case. Unassigned cases are claimed first.
  const acting = DECIDABLE.has(c.status) && !!c.assignee && (mine || supervisor);
  const decide = acting && viewer.has("case.decide");
  const idBlock = detail.account.idConflict ? (viewer.has("device.override_block") ? "override" : "blocked") : null;

  let pending: DecisionView["pending"] = null;
  if (c.status === "PENDING_SECOND_APPROVAL") {
    const req = pendingRequest(detail);
    pending = { requestedBy: req.name, requestedAt: req.at, byMe: req.id !== null && req.id === viewer.staffId };
  }

  let decided: DecisionView["decided"] = null;
  if (c.status === "APPROVED" || c.status === "REJECTED") {
    const until = c.decidedAt ? new Date(Date.parse(c.decidedAt) + viewer.reopenWindowHours * HOUR).toISOString() : null;
    decided = { at: c.decidedAt, by: c.decidedBy?.name ?? null, reopenUntil: until };
  }
  const reopenOpen = !!decided?.reopenUntil && Date.parse(decided.reopenUntil) > viewer.now;

  return {
    caseRef: c.ref,
    version: c.version,
    status: c.status,
    can: {
      // Nothing to authorise without a device; an ID bound elsewhere needs a supervisor's override.
      approve: decide && !!detail.device && idBlock !== "blocked",
      reject: decide,
      resubmit: decide && c.status !== "AWAITING_CUSTOMER",
      escalate: acting && viewer.has("case.escalate") && c.status !== "ESCALATED",
      secondApproval: !!pending && !pending.byMe && viewer.has("case.approve_second"),
      reopen: reopenOpen && viewer.has("case.reopen"),
    },
    fourEyesFlags: c.riskFlags.filter((f) => (FOUR_EYES_FLAGS as readonly string[]).includes(f)),
    device: detail.device ? [detail.device.model, detail.device.externalId].filter(Boolean).join(" · ") : null,
    assignee: c.assignee?.name ?? null,
    mine,
    decider: viewer.has("case.decide"),
    idBlock,
    pending,
    decided,
  };
}
