import { randomUUID } from "node:crypto";
import { startSession } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { ADMIN, ALL, CASE_ASSIGNERS, CASE_WORKERS, DEVICE_STAFF, EMAIL_STAFF, INBOUND_RETRY, SECOND_APPROVER, type ActionEntry, type Ctx } from "./entry";
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
  matrixFinishedExport,
  matrixLegalHold,
  matrixPendingApprovalCase,
  matrixWebhookDelivery,
  matrixWebhookEndpoint,
} from "./fixtures";

// Every exported function of every "use server" module: each is callable from the internet.

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

export const registryActions: Record<string, ActionEntry> = {
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
  [`${QUEUE}setAvailabilityAction`]: { expect: { permission: "case.claim" }, args: async () => [{ autoAssign: true }] },
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

