import type { CaseEventType, OutboundTemplate, Prisma, RejectReason } from "../../../lib/db";
import { HOUR, MINUTE, type Rng, addMinutes } from "../rng";
import type { CaseSkeleton } from "./case-skeleton";
import { OUTBOUND_DOMAIN, SUPPORT_ADDRESS } from "./catalog";
import type { DeviceRow } from "./devices";
import type { EmailPlanner, PlannedEmail } from "./emails";
import type { PlannedAccount } from "./people";
import { renderSubject, slaMinutes } from "./settings";

// Review cases with their timelines: events, notes, customer emails in and out, four-eyes requests.
// Times follow one another the way the use cases would have written them.

export interface CaseRows {
  cases: Prisma.ReviewCaseCreateManyInput[];
  events: Prisma.CaseEventCreateManyInput[];
  notes: Prisma.CaseNoteCreateManyInput[];
  outbound: Prisma.OutboundEmailCreateManyInput[];
  approvals: Prisma.ApprovalRequestCreateManyInput[];
}

const REASON_TEXT: Record<RejectReason, string> = {
  NAME_MISMATCH: "the name on the ID does not match the name on your account.",
  DOCUMENT_UNREADABLE: "we could not read the details on the ID photos.",
  DOCUMENT_EXPIRED: "the ID in the photos has expired.",
  ID_BOUND_TO_OTHER_ACCOUNT: "this ID is already used to verify another account.",
  NOT_ACCOUNT_HOLDER: "the ID does not belong to the holder of this account.",
  SUSPECTED_FRAUD: "we could not confirm that this request comes from the account holder.",
  OTHER: "the photos do not meet our requirements.",
};

// Writes that bump ReviewCase.version (the optimistic lock).
const VERSIONED: CaseEventType[] = ["CLAIMED", "ASSIGNED", "RESUBMISSION_REQUESTED", "CUSTOMER_REPLIED", "ESCALATED", "APPROVAL_REQUESTED", "APPROVED", "REJECTED", "SLA_BREACHED"];

export function planCases(
  rng: Rng,
  now: Date,
  world: { skeletons: CaseSkeleton[]; accounts: PlannedAccount[]; devices: DeviceRow[]; staffIds: Record<string, string> },
  emails: EmailPlanner,
): CaseRows {
  const { skeletons, accounts, devices, staffIds } = world;
  const out: CaseRows = { cases: [], events: [], notes: [], outbound: [], approvals: [] };

  for (const c of skeletons) {
    const s = c.scenario;
    const events: Prisma.CaseEventCreateManyInput[] = [];
    const ev = (type: CaseEventType, at: Date, actorId: string | null, data: Prisma.InputJsonObject = {}) =>
      events.push({ id: rng.uuid7(at), caseId: c.id, type, actorId, data, createdAt: at });
    const device = devices.find((d) => d.id === c.deviceId);
    const baseVars = { caseRef: c.ref, deviceName: device?.model ?? "new device" };

    const send = (template: OutboundTemplate, at: Date, replyTo: PlannedEmail, vars: Record<string, string> = {}) => {
      const id = rng.uuid7(at);
      const variables = { ...baseVars, ...vars };
      const messageId = `<${id}@${OUTBOUND_DOMAIN}>`;
      out.outbound.push({ id, accountId: c.account.row.id, caseId: c.id, inReplyToId: replyTo.row.id, toAddress: c.account.row.email, template, variables, messageId, status: "SENT", attempts: 1, sentAt: new Date(at.getTime() + rng.int(2_000, 30_000)), createdAt: at });
      ev("CUSTOMER_EMAILED", at, null, { outboundEmailId: id, template });
      return { messageId, subject: renderSubject(template, variables) };
    };
    const received = (email: PlannedEmail, at: Date) => {
      ev("EMAIL_RECEIVED", at, null, { inboundEmailId: email.row.id, provider: email.row.provider });
      for (const a of email.attachments) ev("DOCUMENT_ADDED", at, null, { documentId: a.docId, side: a.side });
    };
    const note = (body: string, at: Date, authorId: string) => {
      const id = rng.uuid7(at);
      out.notes.push({ id, caseId: c.id, authorId, body, createdAt: at });
      ev("NOTE_ADDED", at, authorId, { noteId: id });
    };

    const first = emails.caseEmail(c, accounts);
    let lastCustomerMsgAt = first.row.receivedAt;
    ev("CREATED", c.createdAt, null, { inboundEmailId: first.row.id, accountId: c.account.row.id, deviceId: c.deviceId });
    received(first, c.createdAt);
    send("ACKNOWLEDGEMENT", addMinutes(c.createdAt, 1), first, { slaHours: String(Math.round(slaMinutes[s.priority] / 60)) });

    // Escalations are claimed by an agent and end with a supervisor; everyone else claims their own.
    const claimant = s.status === "ESCALATED" ? staffIds.agent2 : c.assigneeId;
    if (c.claimedAt && claimant) ev("CLAIMED", c.claimedAt, claimant);
    if (s.note && c.claimedAt && claimant && !s.replied) note(s.note, addMinutes(c.claimedAt, rng.int(3, 12)), claimant);
    const acted = c.actedAt ?? c.createdAt;
    const actor = c.assigneeId ?? staffIds.agent1;

    if (s.status === "AWAITING_CUSTOMER" || s.replied) {
      const reason = s.onlyFront ? "we also need a photo of the back of your ID." : "the photos are too blurred to read the document details.";
      ev("RESUBMISSION_REQUESTED", acted, actor, { reason: s.onlyFront ? "MISSING_SIDE" : "DOCUMENT_UNREADABLE" });
      const request = send("RESUBMISSION_REQUEST", acted, first, { reasonText: reason });
      if (s.replied) {
        const at = new Date(acted.getTime() + rng.int(3, 20) * HOUR);
        const reply = emails.reply(c, at, request.messageId, request.subject);
        lastCustomerMsgAt = reply.row.receivedAt;
        const processed = new Date(at.getTime() + rng.int(10_000, 60_000));
        ev("CUSTOMER_REPLIED", processed, null, { inboundEmailId: reply.row.id });
        received(reply, processed);
        if (s.note) note(s.note, addMinutes(processed, rng.int(20, 90)), actor);
      }
    }
    if (s.status === "ESCALATED") {
      ev("ESCALATED", acted, claimant, { flags: s.flags ?? [] });
      ev("ASSIGNED", addMinutes(acted, rng.int(5, 40)), actor, { assigneeId: actor });
    }
    const fourEyes = s.status === "PENDING_SECOND_APPROVAL" || (s.status === "APPROVED" && s.decider !== undefined && s.decider !== s.assignee);
    if (fourEyes) {
      // An approved four-eyes case: the request falls between the claim and the second approval.
      const claimed = c.claimedAt ?? c.createdAt;
      const requestedAt = s.status === "PENDING_SECOND_APPROVAL" ? acted : new Date((claimed.getTime() + acted.getTime()) / 2);
      const approvalId = rng.uuid7(requestedAt);
      out.approvals.push({ id: approvalId, kind: "CASE_APPROVAL", status: s.status === "APPROVED" ? "APPROVED" : "PENDING", caseId: c.id, deviceId: c.deviceId, requestedById: actor, decidedById: s.status === "APPROVED" ? c.deciderId : null, reasonCode: "IDENTITY_CONFIRMED", note: "Risk flag present: asking for a second approval.", createdAt: requestedAt, decidedAt: s.status === "APPROVED" ? c.decidedAt : null });
      ev("APPROVAL_REQUESTED", requestedAt, actor, { approvalRequestId: approvalId });
    }
    if (s.status === "APPROVED" && c.decidedAt && c.deciderId) {
      ev("APPROVED", c.decidedAt, c.deciderId, { deviceId: c.deviceId });
      ev("DEVICE_AUTHORIZED", c.decidedAt, c.deciderId, { deviceId: c.deviceId });
      send("DECISION_APPROVED", addMinutes(c.decidedAt, 1), first);
    }
    if (s.status === "REJECTED" && c.decidedAt && c.deciderId) {
      const reasons = s.rejectReasons ?? ["OTHER"];
      ev("REJECTED", c.decidedAt, c.deciderId, { rejectReasons: reasons });
      send("DECISION_REJECTED", addMinutes(c.decidedAt, 1), first, { reasonText: REASON_TEXT[reasons[0]] });
    }

    const slaDueAt = addMinutes(c.createdAt, slaMinutes[s.priority]);
    const until = c.decidedAt ?? now;
    let slaBreachedAt: Date | null = null;
    if (slaDueAt < until) {
      // The scheduler marks breaches on its next tick.
      slaBreachedAt = new Date(Math.min(slaDueAt.getTime() + rng.int(1, 4) * MINUTE, now.getTime()));
      ev("SLA_BREACHED", slaBreachedAt, null, { slaDueAt: slaDueAt.toISOString() });
    }

    events.sort((a, b) => new Date(a.createdAt ?? 0).getTime() - new Date(b.createdAt ?? 0).getTime());
    out.events.push(...events);
    out.cases.push({
      id: c.id,
      number: c.number,
      accountId: c.account.row.id,
      deviceId: c.deviceId,
      status: s.status,
      priority: s.priority,
      assigneeId: c.assigneeId,
      claimedAt: c.claimedAt,
      slaDueAt,
      slaBreachedAt,
      version: 1 + events.filter((e) => VERSIONED.includes(e.type)).length,
      riskFlags: s.flags ?? [],
      rejectReasons: s.rejectReasons ?? [],
      decisionNote: s.decisionNote ?? null,
      decidedById: c.deciderId,
      decidedAt: c.decidedAt,
      lastCustomerMsgAt,
      createdAt: c.createdAt,
      updatedAt: events[events.length - 1]?.createdAt ?? c.createdAt,
    });
  }

  for (const email of emails.unmatched()) {
    if (email.attachments.length === 0) continue;
    const at = new Date(email.row.receivedAt.getTime() + 2 * MINUTE);
    const id = rng.uuid7(at);
    const variables = { supportAddress: SUPPORT_ADDRESS };
    out.outbound.push({ id, accountId: null, caseId: null, inReplyToId: email.row.id, toAddress: email.row.fromAddress, template: "WRONG_SENDER", variables, messageId: `<${id}@${OUTBOUND_DOMAIN}>`, status: "SENT", attempts: 1, sentAt: addMinutes(at, 1), createdAt: at });
  }
  return out;
}
