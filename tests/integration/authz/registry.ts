import { randomUUID } from "node:crypto";
import { startSession } from "@/lib/auth/session";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { db } from "@/lib/db";
import type { InboundEmailStatus, StaffRole } from "@/lib/generated/prisma/enums";
import { makeAccount as makeDeviceAccount, makeDevice } from "../../support/devices-world";
import type { CallerIdentity } from "./callers";

// The authorization matrix: every endpoint that changes state, and who may use it. Adding a
// route handler or server action without an entry here fails tests/integration/authz-matrix.test.ts.
//   allow:  the roles that get through authorization (the matrix runs it as every role, as an
//           anonymous caller and with a revoked token, and checks each outcome);
//   exempt: not staff-authorised by design — the reason says what protects it and which test
//           covers that instead.

export type Expectation = { allow: readonly StaffRole[] } | { exempt: string };

export interface Ctx {
  caller: CallerIdentity;
  /** A fresh staff member to act on (role AGENT unless given). */
  target(role?: StaffRole): Promise<{ id: string; email: string }>;
}

export interface RouteEntry {
  expect: Expectation;
  prepare?(ctx: Ctx): Promise<{ params?: Record<string, string>; body?: unknown }>;
}

export interface ActionEntry {
  expect: Expectation;
  /** The arguments the action is called with (valid input, so only authorization can refuse it). */
  args?(ctx: Ctx): Promise<unknown[]>;
}

const ALL: readonly StaffRole[] = ["AGENT", "SUPERVISOR", "AUDITOR", "ADMIN"];
const ADMIN: readonly StaffRole[] = ["ADMIN"];
const INBOUND_RETRY: readonly StaffRole[] = ["SUPERVISOR", "ADMIN"];
const EMAIL_STAFF: readonly StaffRole[] = ["AGENT", "SUPERVISOR"];
const DEVICE_STAFF: readonly StaffRole[] = ["AGENT", "SUPERVISOR"];
const SECOND_APPROVER: readonly StaffRole[] = ["SUPERVISOR"];
const CASE_WORKERS: readonly StaffRole[] = ["AGENT", "SUPERVISOR"];
const CASE_ASSIGNERS: readonly StaffRole[] = ["SUPERVISOR"];

export async function makeTarget(role: StaffRole = "AGENT"): Promise<{ id: string; email: string }> {
  const email = `target-${randomUUID().slice(0, 8)}@it.test`;
  const row = await db.staffUser.create({ data: { email, name: "Target", role, status: "ACTIVE" }, select: { id: true } });
  return { id: row.id, email };
}

const staffParam = async (ctx: Ctx) => ({ params: { id: (await ctx.target()).id } });

export const routes: Record<string, RouteEntry> = {
  "POST /api/auth/{...nextauth}": {
    expect: { exempt: "Auth.js's own endpoints (sign-in callbacks, sign-out): CSRF token + Origin check; the credentials callback runs lib/auth/sign-in.ts (tests/integration/sign-in.test.ts, tests/e2e/sign-in.spec.ts)" },
  },
  // Inbound email webhooks: called by email providers, never by staff. Each authenticates the
  // sender on the raw body before anything is stored (tests/integration/intake-edge.test.ts).
  "POST /api/inbound/postmark": {
    expect: { exempt: "email provider webhook: HTTP Basic credentials (POSTMARK_INBOUND_*), constant-time, failures rate-limited per IP (tests/integration/intake-edge.test.ts)" },
  },
  "POST /api/inbound/mailgun": {
    expect: { exempt: "email provider webhook: Mailgun HMAC-SHA256 signature over timestamp + token, ±300 s, each token once (tests/integration/intake-edge.test.ts)" },
  },
  "POST /api/inbound/sendgrid": {
    expect: { exempt: "email provider webhook: HTTP Basic credentials (SENDGRID_INBOUND_*) and, when SENDGRID_PUBLIC_KEY is set, SendGrid's ECDSA signature (tests/integration/intake-edge.test.ts)" },
  },
  "POST /api/inbound/mime": {
    expect: { exempt: "raw MIME relay: X-Gatehouse-Signature HMAC-SHA256 (INBOUND_MIME_SECRET) over t + body, ±300 s, each signature once (tests/integration/intake-edge.test.ts)" },
  },
  // Called by the exchange's identity service (a system, never staff): signed, not Bearer.
  "POST /api/v1/identity/events": {
    expect: { exempt: "identity-service events: X-Gatehouse-Signature HMAC-SHA256 (IDENTITY_EVENTS_SECRET) over t + raw body, verified before anything is written, ±300 s, each signature once, failures rate-limited per IP (tests/integration/identity-events.test.ts)" },
  },
  "POST /api/v1/staff": {
    expect: { allow: ADMIN },
    prepare: async () => ({ body: { email: `new-${randomUUID().slice(0, 8)}@it.test`, name: "New Person", role: "AGENT" } }),
  },
  "PATCH /api/v1/staff/{id}": { expect: { allow: ADMIN }, prepare: async (ctx) => ({ ...(await staffParam(ctx)), body: { role: "SUPERVISOR" } }) },
  "POST /api/v1/staff/{id}/disable": { expect: { allow: ADMIN }, prepare: staffParam },
  "POST /api/v1/staff/{id}/enable": { expect: { allow: ADMIN }, prepare: staffParam },
  "POST /api/v1/staff/{id}/reset-mfa": { expect: { allow: ADMIN }, prepare: staffParam },
  "POST /api/v1/staff/{id}/unlock": { expect: { allow: ADMIN }, prepare: staffParam },
  "DELETE /api/v1/staff/{id}/sessions": { expect: { allow: ADMIN }, prepare: staffParam },
  "DELETE /api/v1/staff/{id}/sessions/{sessionId}": {
    expect: { allow: ADMIN },
    prepare: async (ctx) => {
      const t = await ctx.target();
      const s = await db.$transaction((tx) => startSession(tx, { staffId: t.id, method: "PASSWORD" }));
      return { params: { id: t.id, sessionId: s.sessionId } };
    },
  },
  "POST /api/v1/tokens": { expect: { allow: ALL }, prepare: async () => ({ body: { name: "matrix token", expiresInDays: 1 } }) },
  "DELETE /api/v1/tokens/{id}": {
    expect: { allow: ALL },
    // The caller's own token: owners revoke their tokens, whatever their role.
    prepare: async (ctx) => {
      const id = ctx.caller.staffId ? (await db.apiToken.findFirst({ where: { staffUserId: ctx.caller.staffId }, select: { id: true } }))?.id : undefined;
      return { params: { id: id ?? randomUUID() } };
    },
  },
  // Staff actions on inbound email (lib/intake/staff); the rows are made directly, in the state each action needs.
  "POST /api/v1/inbound-emails/{id}/retry": { expect: { allow: INBOUND_RETRY }, prepare: async () => ({ params: { id: (await makeInboundEmail("FAILED")).id } }) },
  "POST /api/v1/inbound-emails/{id}/link": {
    expect: { allow: EMAIL_STAFF },
    prepare: async () => ({ params: { id: (await makeInboundEmail("UNMATCHED")).id }, body: { accountUid: (await makeInboundAccount()).uid } }),
  },
  "POST /api/v1/inbound-emails/{id}/ask-for-jpeg": { expect: { allow: EMAIL_STAFF }, prepare: async () => ({ params: { id: (await makeUnrenderedEmail()).id } }) },
  "POST /api/v1/documents/{id}/side": { expect: { allow: EMAIL_STAFF }, prepare: async () => ({ params: { id: (await makeUnrenderedEmail()).documentId }, body: { side: "BACK" } }) },
  // Device decisions (lib/devices, lib/approvals): a fresh device per call. Authorising without a case records a four-eyes request.
  "POST /api/v1/devices/{id}/authorize": { expect: { allow: DEVICE_STAFF }, prepare: async () => ({ params: { id: await matrixDevice("PENDING") }, body: { reasonCode: "CUSTOMER_REQUEST" } }) },
  "POST /api/v1/devices/{id}/revoke": { expect: { allow: DEVICE_STAFF }, prepare: async () => ({ params: { id: await matrixDevice("AUTHORIZED") }, body: { reasonCode: "POLICY" } }) },
  "POST /api/v1/devices/{id}/revoke-others": { expect: { allow: DEVICE_STAFF }, prepare: async () => ({ params: { id: await matrixDevice("AUTHORIZED") }, body: { reasonCode: "POLICY" } }) },
  "POST /api/v1/approvals/{id}/decide": { expect: { allow: SECOND_APPROVER }, prepare: async (ctx) => ({ params: { id: await matrixApproval(ctx) }, body: { decision: "APPROVE" } }) },
  // Review queue (lib/cases): a fresh NEW, unassigned case per call, so every allowed caller succeeds.
  "POST /api/v1/cases/claim-next": { expect: { allow: CASE_WORKERS }, prepare: async () => {
      await matrixCase();
      return {};
    },
  },
  "POST /api/v1/cases/{ref}/claim": { expect: { allow: CASE_WORKERS }, prepare: async () => ({ params: { ref: await matrixCase() } }) },
  "POST /api/v1/cases/{ref}/notes": { expect: { allow: CASE_WORKERS }, prepare: async () => ({ params: { ref: await matrixCase() }, body: { body: "matrix note" } }) },
  "POST /api/v1/cases/{ref}/assign": { expect: { allow: CASE_ASSIGNERS }, prepare: async (ctx) => ({ params: { ref: await matrixCase() }, body: { assigneeId: (await ctx.target("AGENT")).id } }) },
  // Presence (lib/cases/presence.ts): queue.read, so every role that may open a case; not audited unless refused.
  "POST /api/v1/cases/{ref}/presence": { expect: { allow: ALL }, prepare: async () => ({ params: { ref: await matrixCase() }, body: { version: 1 } }) },
  "DELETE /api/v1/cases/{ref}/presence": { expect: { allow: ALL }, prepare: async () => ({ params: { ref: await matrixCase() } }) },
  // Case decisions (lib/cases/decide.ts, second-approval.ts, reopen.ts): a fresh case per call, held by the caller.
  "POST /api/v1/cases/{ref}/decision": { expect: { allow: CASE_WORKERS }, prepare: async (ctx) => ({ params: { ref: await matrixDecisionCase(ctx) }, body: { decision: "APPROVE", version: 1 } }) },
  "POST /api/v1/cases/{ref}/second-approval": {
    expect: { allow: SECOND_APPROVER },
    prepare: async (ctx) => ({ params: { ref: await matrixPendingApprovalCase(ctx) }, body: { decision: "APPROVE", version: 1 } }),
  },
  "POST /api/v1/cases/{ref}/reopen": { expect: { allow: CASE_ASSIGNERS }, prepare: async () => ({ params: { ref: await matrixDecidedCase() }, body: { reason: "matrix: reopened for a second look", version: 1 } }) },
  "POST /api/v1/cases/assign": { expect: { allow: CASE_ASSIGNERS }, prepare: async (ctx) => ({ body: { refs: [await matrixCase(), await matrixCase()], assigneeId: (await ctx.target("AGENT")).id } }) },
  // Webhook endpoints and redelivery (lib/webhooks): settings.manage. A public literal address, so the SSRF check passes without DNS.
  "POST /api/v1/webhooks/endpoints": { expect: { allow: ADMIN }, prepare: async () => ({ body: { name: "matrix", url: MATRIX_WEBHOOK_URL, events: ["device.revoked"] } }) },
  "PATCH /api/v1/webhooks/endpoints/{id}": { expect: { allow: ADMIN }, prepare: async () => ({ params: { id: await matrixWebhookEndpoint() }, body: { name: "renamed", active: false } }) },
  "DELETE /api/v1/webhooks/endpoints/{id}": { expect: { allow: ADMIN }, prepare: async () => ({ params: { id: await matrixWebhookEndpoint() } }) },
  "POST /api/v1/webhooks/endpoints/{id}/rotate-secret": { expect: { allow: ADMIN }, prepare: async () => ({ params: { id: await matrixWebhookEndpoint() } }) },
  "POST /api/v1/webhooks/deliveries/{id}/redeliver": { expect: { allow: ADMIN }, prepare: async () => ({ params: { id: await matrixWebhookDelivery() } }) },
  // Audit verification (lib/audit/run-verify.ts): audit.verify; changes nothing but writes audit.chain_verified.
  "POST /api/v1/audit/verify": { expect: { allow: ["AUDITOR", "ADMIN"] }, prepare: async () => ({ body: {} }) },
  // Legal holds (lib/retention/holds.ts): listed with audit.read, placed and released with retention.manage.
  "GET /api/v1/legal-holds": { expect: { allow: ["SUPERVISOR", "AUDITOR", "ADMIN"] } },
  "POST /api/v1/legal-holds": { expect: { allow: ADMIN }, prepare: async () => ({ body: { caseRef: await matrixCase(), reason: "matrix: litigation hold" } }) },
  "POST /api/v1/legal-holds/{id}/release": { expect: { allow: ADMIN }, prepare: async () => ({ params: { id: await matrixLegalHold() } }) },
  // Background exports (lib/exports): audit.export with step-up. Each queues one export (at most 3 in progress per member).
  "POST /api/v1/exports": { expect: { allow: ["AUDITOR", "ADMIN"] }, prepare: async () => ({ body: matrixExportRequest() }) },
};

const target = async (ctx: Ctx) => [{ staffId: (await ctx.target()).id }];
const A = "app/(console)/admin/actions.ts#";
const ACCOUNT = "app/(console)/account/actions.ts#";
const INBOUND = "app/(console)/inbound/actions.ts#";
const DEVICES = "app/(console)/accounts/[uid]/device-actions.ts#";
const WEBHOOKS = "app/(console)/admin/webhooks/actions.ts#";
const QUEUE = "app/(console)/queue/actions.ts#";
const CASE = "app/(console)/cases/[ref]/actions.ts#";
const PRESENCE = "app/(console)/cases/[ref]/presence-actions.ts#";
const DECISION = "app/(console)/cases/[ref]/decision-actions.ts#";

export const actions: Record<string, ActionEntry> = {
  [`${A}createStaffAction`]: { expect: { allow: ADMIN }, args: async () => [{ email: `new-${randomUUID().slice(0, 8)}@it.test`, name: "New Person", role: "AGENT" }] },
  [`${A}changeRoleAction`]: { expect: { allow: ADMIN }, args: async (ctx) => [{ staffId: (await ctx.target()).id, role: "SUPERVISOR" }] },
  [`${A}disableStaffAction`]: { expect: { allow: ADMIN }, args: target },
  [`${A}enableStaffAction`]: { expect: { allow: ADMIN }, args: target },
  [`${A}resetMfaAction`]: { expect: { allow: ADMIN }, args: target },
  [`${A}unlockStaffAction`]: { expect: { allow: ADMIN }, args: target },
  [`${A}revokeSessionAction`]: {
    expect: { allow: ADMIN },
    args: async (ctx) => {
      const t = await ctx.target();
      const s = await db.$transaction((tx) => startSession(tx, { staffId: t.id, method: "PASSWORD" }));
      return [{ staffId: t.id, sessionId: s.sessionId }];
    },
  },
  [`${A}revokeAllSessionsAction`]: { expect: { allow: ADMIN }, args: target },
  [`${ACCOUNT}createTokenAction`]: { expect: { allow: ALL }, args: async () => [{ name: "matrix", expiresInDays: 1 }] },
  [`${ACCOUNT}revokeTokenAction`]: {
    expect: { allow: ALL },
    args: async (ctx) => {
      const own = ctx.caller.staffId ? await db.apiToken.findFirst({ where: { staffUserId: ctx.caller.staffId }, select: { id: true } }) : null;
      return [own?.id ?? randomUUID()];
    },
  },
  [`${ACCOUNT}regenerateRecoveryCodesAction`]: { expect: { allow: ALL }, args: async (ctx) => [ctx.caller.totp()] },
  [`${ACCOUNT}signOutEverywhereAction`]: {
    expect: { exempt: "ends only the caller's own sessions; refused without one (tests/integration/sign-in.test.ts, tests/e2e/sign-in.spec.ts)" },
  },
  "app/(auth)/invite/[token]/actions.ts#acceptInviteAction": {
    expect: { exempt: "public by nature: needs a one-time invite token (256 bits, 72 h, stored hashed); tests/integration/staff-admin.test.ts" },
  },
  "app/(auth)/sign-in/actions.ts#signInWithPassword": {
    expect: { exempt: "public by nature: rate-limited per IP and account, every failure audited (tests/integration/sign-in.test.ts)" },
  },
  "app/(auth)/sign-in/actions.ts#signInWithOidc": { expect: { exempt: "public by nature: starts the OIDC redirect (tests/e2e/oidc.spec.ts)" } },
  "app/(auth)/sign-in/actions.ts#verifyCode": {
    expect: { exempt: "acts only on the caller's own half-finished sign-in; rate-limited and audited (tests/integration/sign-in.test.ts)" },
  },
  "app/(auth)/sign-in/actions.ts#confirmEnrol": { expect: { exempt: "acts only on the caller's own half-finished sign-in (tests/integration/sign-in.test.ts)" } },
  "app/(auth)/sign-in/actions.ts#signOutAction": { expect: { exempt: "ends only the caller's own session; harmless without one (tests/e2e/sign-in.spec.ts)" } },
  "app/(auth)/sign-in/actions.ts#confirmStepUpAction": {
    expect: { allow: ALL },
    args: async () => [{ password: "matrix-caller-password" }],
  },
  [`${INBOUND}retryInboundEmailAction`]: { expect: { allow: INBOUND_RETRY }, args: async () => [{ id: (await makeInboundEmail("FAILED")).id }] },
  [`${INBOUND}linkInboundEmailAction`]: {
    expect: { allow: EMAIL_STAFF },
    args: async () => [{ id: (await makeInboundEmail("UNMATCHED")).id, accountUid: (await makeInboundAccount()).uid }],
  },
  [`${INBOUND}askForJpegAction`]: { expect: { allow: EMAIL_STAFF }, args: async () => [{ id: (await makeUnrenderedEmail()).id }] },
  [`${INBOUND}setDocumentSideAction`]: { expect: { allow: EMAIL_STAFF }, args: async () => [{ documentId: (await makeUnrenderedEmail()).documentId, side: "BACK" }] },
  [`${DEVICES}authorizeDeviceAction`]: { expect: { allow: DEVICE_STAFF }, args: async () => [{ deviceId: await matrixDevice("PENDING"), reasonCode: "CUSTOMER_REQUEST" }] },
  [`${DEVICES}revokeDeviceAction`]: { expect: { allow: DEVICE_STAFF }, args: async () => [{ deviceId: await matrixDevice("AUTHORIZED"), reasonCode: "POLICY" }] },
  [`${DEVICES}revokeOtherDevicesAction`]: { expect: { allow: DEVICE_STAFF }, args: async () => [{ deviceId: await matrixDevice("AUTHORIZED"), reasonCode: "POLICY" }] },
  [`${DEVICES}decideApprovalAction`]: { expect: { allow: SECOND_APPROVER }, args: async (ctx) => [{ approvalId: await matrixApproval(ctx), decision: "APPROVE" }] },
  [`${QUEUE}claimNextAction`]: {
    expect: { allow: CASE_WORKERS },
    args: async () => {
      await matrixCase();
      return [];
    },
  },
  [`${QUEUE}claimCaseAction`]: { expect: { allow: CASE_WORKERS }, args: async () => [{ ref: await matrixCase() }] },
  [`${QUEUE}assignCasesAction`]: { expect: { allow: CASE_ASSIGNERS }, args: async (ctx) => [{ refs: [await matrixCase()], assigneeId: (await ctx.target("AGENT")).id }] },
  [`${CASE}addNoteAction`]: { expect: { allow: CASE_WORKERS }, args: async () => [{ ref: await matrixCase(), body: "matrix note" }] },
  [`${PRESENCE}heartbeatPresenceAction`]: { expect: { allow: ALL }, args: async () => [{ ref: await matrixCase(), version: 1 }] },
  [`${PRESENCE}leavePresenceAction`]: { expect: { allow: ALL }, args: async () => [{ ref: await matrixCase() }] },
  [`${DECISION}decideCaseAction`]: { expect: { allow: CASE_WORKERS }, args: async (ctx) => [{ ref: await matrixDecisionCase(ctx), decision: "APPROVE", version: 1 }] },
  [`${DECISION}decideSecondApprovalAction`]: { expect: { allow: SECOND_APPROVER }, args: async (ctx) => [{ ref: await matrixPendingApprovalCase(ctx), decision: "APPROVE", version: 1 }] },
  [`${DECISION}reopenCaseAction`]: { expect: { allow: CASE_ASSIGNERS }, args: async () => [{ ref: await matrixDecidedCase(), reason: "matrix: reopened for a second look", version: 1 }] },
  [`${WEBHOOKS}createWebhookEndpointAction`]: { expect: { allow: ADMIN }, args: async () => [{ name: "matrix", url: MATRIX_WEBHOOK_URL, events: ["device.revoked"] }] },
  [`${WEBHOOKS}updateWebhookEndpointAction`]: { expect: { allow: ADMIN }, args: async () => [{ endpointId: await matrixWebhookEndpoint(), active: false }] },
  [`${WEBHOOKS}rotateWebhookSecretAction`]: { expect: { allow: ADMIN }, args: async () => [{ endpointId: await matrixWebhookEndpoint() }] },
  [`${WEBHOOKS}deleteWebhookEndpointAction`]: { expect: { allow: ADMIN }, args: async () => [{ endpointId: await matrixWebhookEndpoint() }] },
  [`${WEBHOOKS}redeliverWebhookAction`]: { expect: { allow: ADMIN }, args: async () => [{ deliveryId: await matrixWebhookDelivery() }] },
  "app/(console)/audit/verify/actions.ts#runVerifyAction": { expect: { allow: ["AUDITOR", "ADMIN"] }, args: async () => [{}] },
  "app/(console)/admin/legal-holds/actions.ts#placeLegalHoldAction": { expect: { allow: ADMIN }, args: async () => [{ caseRef: await matrixCase(), reason: "matrix: litigation hold" }] },
  "app/(console)/admin/legal-holds/actions.ts#releaseLegalHoldAction": { expect: { allow: ADMIN }, args: async () => [{ holdId: await matrixLegalHold() }] },
  "app/(console)/audit/exports/actions.ts#requestExportAction": { expect: { allow: ["AUDITOR", "ADMIN"] }, args: async () => [matrixExportRequest()] },
  "app/(console)/audit/exports/actions.ts#downloadExportAction": { expect: { allow: ["AUDITOR", "ADMIN"] }, args: async (ctx) => [await matrixFinishedExport(ctx)] },
};

// ── Background exports (lib/exports) ──

function matrixExportRequest() {
  return { format: "CSV", from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() };
}

/** A finished export of the caller's (the link is presigned; no object is needed for that). */
async function matrixFinishedExport(ctx: Ctx): Promise<string> {
  const requestedById = ctx.caller.staffId ?? (await ctx.target("AUDITOR")).id;
  const id = randomUUID();
  await db.export.create({ data: { id, requestedById, format: "CSV", status: "DONE", filters: { mode: "background", labels: {}, resolved: {} }, objectKey: `exports/${id}.csv`, expiresAt: new Date(Date.now() + 86_400_000) } });
  return id;
}

// ── Inbound email (lib/intake/staff) ──
// Function declarations (hoisted), so the entries above can use them.

/** An InboundEmail row as the pipeline would have left it in `status` (no S3 object: these actions never read it). */
async function makeInboundEmail(status: InboundEmailStatus, data: { accountId?: string; fromAddress?: string } = {}): Promise<{ id: string }> {
  return db.inboundEmail.create({
    data: {
      provider: "MIME",
      providerMessageId: `matrix-${randomUUID()}`,
      rawKey: `quarantine/raw/${randomUUID()}.eml`,
      rawSha256: "0".repeat(64),
      rawSize: 1,
      status,
      fromAddress: data.fromAddress ?? `someone-${randomUUID().slice(0, 8)}@mail.example.com`,
      accountId: data.accountId,
      ...(status === "FAILED" ? { parseError: "Processing failed after 5 attempts (matrix)", attempts: 5 } : {}),
    },
    select: { id: true },
  });
}

async function makeInboundAccount(): Promise<{ id: string; uid: string; email: string }> {
  const email = `customer-${randomUUID().slice(0, 8)}@mail.example.com`;
  return db.account.create({ data: { uid: `U${randomUUID().replaceAll("-", "").slice(0, 12)}`, email, emailNormalized: email }, select: { id: true, uid: true, email: true } });
}

/** A PROCESSED email from an account's bound address with one attachment we could not render. */
async function makeUnrenderedEmail(): Promise<{ id: string; documentId: string }> {
  const account = await makeInboundAccount();
  const email = await makeInboundEmail("PROCESSED", { accountId: account.id, fromAddress: account.email });
  const doc = await db.document.create({
    data: { inboundEmailId: email.id, originalKey: `quarantine/originals/${randomUUID()}`, sha256: "1".repeat(64), sizeBytes: 10, sniffedType: "image/heic", fileName: "front.heic", verdict: "PREVIEW_UNAVAILABLE" },
    select: { id: true },
  });
  return { id: email.id, documentId: doc.id };
}

// ── Devices (lib/devices, lib/approvals) ──

/** A device in `status` on a fresh account (ID not bound elsewhere), plus an authorised sibling to revoke-others. */
async function matrixDevice(status: "PENDING" | "AUTHORIZED"): Promise<string> {
  const account = await makeDeviceAccount();
  await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: new Date() });
  return (await makeDevice(account.id, { status, lastLoginAt: status === "AUTHORIZED" ? new Date() : null })).id;
}

/** A pending four-eyes request for a fresh device, asked by someone other than the caller. */
async function matrixApproval(ctx: Ctx): Promise<string> {
  const requester = await ctx.target("AGENT");
  const deviceId = await matrixDevice("PENDING");
  const row = await db.approvalRequest.create({ data: { kind: "DEVICE_AUTHORIZATION", deviceId, requestedById: requester.id, reasonCode: "CUSTOMER_REQUEST" }, select: { id: true } });
  return row.id;
}

// ── Review cases (lib/cases) ──

/** A NEW, unassigned case on a fresh account; its reference. */
async function matrixCase(): Promise<string> {
  const account = await makeInboundAccount();
  const row = await db.reviewCase.create({ data: { accountId: account.id, slaDueAt: new Date(Date.now() + 3_600_000) }, select: { number: true } });
  return formatCaseRef(row.number);
}

/** An IN_REVIEW case about a PENDING device, held by the caller (so an agent may decide it), version 1. */
async function matrixDecisionCase(ctx: Ctx): Promise<string> {
  const account = await makeDeviceAccount();
  const deviceId = (await makeDevice(account.id, { status: "PENDING" })).id;
  const row = await db.reviewCase.create({
    data: { accountId: account.id, deviceId, status: "IN_REVIEW", assigneeId: ctx.caller.staffId, slaDueAt: new Date(Date.now() + 3_600_000) },
    select: { number: true },
  });
  return formatCaseRef(row.number);
}

/** A risky case waiting for a second approval asked by someone other than the caller. */
async function matrixPendingApprovalCase(ctx: Ctx): Promise<string> {
  const requester = await ctx.target("AGENT");
  const account = await makeDeviceAccount();
  const deviceId = (await makeDevice(account.id, { status: "PENDING" })).id;
  const row = await db.reviewCase.create({
    data: { accountId: account.id, deviceId, status: "PENDING_SECOND_APPROVAL", assigneeId: requester.id, riskFlags: ["IP_MISMATCH"], slaDueAt: new Date(Date.now() + 3_600_000) },
    select: { id: true, number: true },
  });
  await db.approvalRequest.create({ data: { kind: "CASE_APPROVAL", caseId: row.id, deviceId, requestedById: requester.id, reasonCode: "CASE_APPROVED" } });
  return formatCaseRef(row.number);
}

/** A case rejected a moment ago (inside the reopen window), version 1. */
async function matrixDecidedCase(): Promise<string> {
  const account = await makeInboundAccount();
  const row = await db.reviewCase.create({
    data: { accountId: account.id, status: "REJECTED", rejectReasons: ["DOCUMENT_EXPIRED"], decidedAt: new Date(), slaDueAt: new Date(Date.now() + 3_600_000) },
    select: { number: true },
  });
  return formatCaseRef(row.number);
}

// ── Webhooks (lib/webhooks) ──

const MATRIX_WEBHOOK_URL = "https://93.184.215.14/matrix-hook";

/** An active endpoint (rows made directly: the matrix tests authorization, not the URL rules). */
async function matrixWebhookEndpoint(): Promise<string> {
  const row = await db.webhookEndpoint.create({
    data: { name: "matrix", url: MATRIX_WEBHOOK_URL, secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}`, events: ["device.revoked"] },
    select: { id: true },
  });
  return row.id;
}

/** A FAILED delivery on a fresh endpoint: redelivery is allowed once per state, so one per call. */
async function matrixWebhookDelivery(): Promise<string> {
  const endpointId = await matrixWebhookEndpoint();
  const row = await db.webhookDelivery.create({
    data: { endpointId, eventId: `evt_matrix_${randomUUID()}`, eventType: "device.revoked", payload: { type: "device.revoked", timestamp: new Date().toISOString(), data: {} }, status: "FAILED", attempts: 3 },
    select: { id: true },
  });
  return row.id;
}

// ── Legal holds (lib/retention) ──

/** An active hold on a fresh account, placed by another administrator. */
async function matrixLegalHold(): Promise<string> {
  const account = await makeInboundAccount();
  const placer = await makeTarget("ADMIN");
  return (await db.legalHold.create({ data: { accountId: account.id, reason: "matrix: litigation hold", placedById: placer.id }, select: { id: true } })).id;
}
