import { randomUUID } from "node:crypto";
import { startSession } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { ADMIN, ALL, CASE_ASSIGNERS, CASE_WORKERS, DEVICE_STAFF, EMAIL_STAFF, INBOUND_RETRY, SECOND_APPROVER, type Ctx, type RouteEntry } from "./entry";
import {
  makeInboundAccount,
  makeInboundEmail,
  makeUnrenderedEmail,
  MATRIX_WEBHOOK_URL,
  matrixApproval,
  matrixCase,
  matrixDecidedCase,
  matrixDecisionCase,
  matrixDevice,
  matrixExportRequest,
  matrixLegalHold,
  matrixPendingApprovalCase,
  matrixWebhookDelivery,
  matrixWebhookEndpoint,
} from "./fixtures";

// Route handlers that change state (POST, PUT, PATCH, DELETE). GET handlers are in registry-gets.ts.

const staffParam = async (ctx: Ctx) => ({ params: { id: (await ctx.target()).id } });

export const mutatingRoutes: Record<string, RouteEntry> = {
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
  // Auto-assignment opt-in (lib/cases/availability.ts): the caller's own setting; case.claim.
  "PUT /api/v1/me/availability": { expect: { permission: "case.claim" }, prepare: async () => ({ body: { autoAssign: true } }) },
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
  // Legal holds (lib/retention/holds.ts): placed and released with retention.manage.
  "POST /api/v1/legal-holds": { expect: { allow: ADMIN }, prepare: async () => ({ body: { caseRef: await matrixCase(), reason: "matrix: litigation hold" } }) },
  "POST /api/v1/legal-holds/{id}/release": { expect: { allow: ADMIN }, prepare: async () => ({ params: { id: await matrixLegalHold() } }) },
  // Background exports (lib/exports): audit.export with step-up. Each queues one export (at most 3 in progress per member).
  "POST /api/v1/exports": { expect: { allow: ["AUDITOR", "ADMIN"] }, prepare: async () => ({ body: matrixExportRequest() }) },
};

