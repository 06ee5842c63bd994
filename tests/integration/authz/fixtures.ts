import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { formatCaseRef } from "@/lib/cases/case-ref";
import { db } from "@/lib/db";
import type { InboundEmailStatus, StaffRole } from "@/lib/generated/prisma/enums";
import { putBytes } from "@/lib/storage";
import { makeAccount as makeDeviceAccount, makeDevice } from "../../support/devices-world";
import type { Ctx } from "./entry";

// Records the matrix acts on, made directly in the state each endpoint needs (the matrix tests
// authorization, not the use cases' own rules). Function declarations, so they hoist.

export async function makeTarget(role: StaffRole = "AGENT"): Promise<{ id: string; email: string }> {
  const email = `target-${randomUUID().slice(0, 8)}@it.test`;
  const row = await db.staffUser.create({ data: { email, name: "Target", role, status: "ACTIVE" }, select: { id: true } });
  return { id: row.id, email };
}

// ── Background exports (lib/exports) ──

export function matrixExportRequest() {
  return { format: "CSV", from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() };
}

/** A finished export of the caller's (the link is presigned; no object is needed for that). */
export async function matrixFinishedExport(ctx: Ctx): Promise<string> {
  const requestedById = ctx.caller.staffId ?? (await ctx.target("AUDITOR")).id;
  const id = randomUUID();
  await db.export.create({ data: { id, requestedById, format: "CSV", status: "DONE", filters: { mode: "background", labels: {}, resolved: {} }, objectKey: `exports/${id}.csv`, expiresAt: new Date(Date.now() + 86_400_000) } });
  return id;
}

// ── Inbound email (lib/intake/staff) ──

/** An InboundEmail row as the pipeline would have left it in `status` (no S3 object: these actions never read it). */
export async function makeInboundEmail(status: InboundEmailStatus, data: { accountId?: string; fromAddress?: string } = {}): Promise<{ id: string }> {
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

export async function makeInboundAccount(): Promise<{ id: string; uid: string; email: string }> {
  const email = `customer-${randomUUID().slice(0, 8)}@mail.example.com`;
  return db.account.create({ data: { uid: `U${randomUUID().replaceAll("-", "").slice(0, 12)}`, email, emailNormalized: email }, select: { id: true, uid: true, email: true } });
}

/** A PROCESSED email from an account's bound address with one attachment we could not render. */
export async function makeUnrenderedEmail(): Promise<{ id: string; documentId: string }> {
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
export async function matrixDevice(status: "PENDING" | "AUTHORIZED"): Promise<string> {
  const account = await makeDeviceAccount();
  await makeDevice(account.id, { status: "AUTHORIZED", lastLoginAt: new Date() });
  return (await makeDevice(account.id, { status, lastLoginAt: status === "AUTHORIZED" ? new Date() : null })).id;
}

/** A pending four-eyes request for a fresh device, asked by someone other than the caller. */
export async function matrixApproval(ctx: Ctx): Promise<string> {
  const requester = await ctx.target("AGENT");
  const deviceId = await matrixDevice("PENDING");
  const row = await db.approvalRequest.create({ data: { kind: "DEVICE_AUTHORIZATION", deviceId, requestedById: requester.id, reasonCode: "CUSTOMER_REQUEST" }, select: { id: true } });
  return row.id;
}

// ── Review cases (lib/cases) ──

/** A NEW, unassigned case on a fresh account; its reference. */
export async function matrixCase(): Promise<string> {
  const account = await makeInboundAccount();
  const row = await db.reviewCase.create({ data: { accountId: account.id, slaDueAt: new Date(Date.now() + 3_600_000) }, select: { number: true } });
  return formatCaseRef(row.number);
}

/** An IN_REVIEW case about a PENDING device, held by the caller (so an agent may decide it), version 1. */
export async function matrixDecisionCase(ctx: Ctx): Promise<string> {
  const account = await makeDeviceAccount();
  const deviceId = (await makeDevice(account.id, { status: "PENDING" })).id;
  const row = await db.reviewCase.create({
    data: { accountId: account.id, deviceId, status: "IN_REVIEW", assigneeId: ctx.caller.staffId, slaDueAt: new Date(Date.now() + 3_600_000) },
    select: { number: true },
  });
  return formatCaseRef(row.number);
}

/** A risky case waiting for a second approval asked by someone other than the caller. */
export async function matrixPendingApprovalCase(ctx: Ctx): Promise<string> {
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
export async function matrixDecidedCase(): Promise<string> {
  const account = await makeInboundAccount();
  const row = await db.reviewCase.create({
    data: { accountId: account.id, status: "REJECTED", rejectReasons: ["DOCUMENT_EXPIRED"], decidedAt: new Date(), slaDueAt: new Date(Date.now() + 3_600_000) },
    select: { number: true },
  });
  return formatCaseRef(row.number);
}

// ── Webhooks (lib/webhooks) ──

export const MATRIX_WEBHOOK_URL = "https://93.184.215.14/matrix-hook";

/** An active endpoint (rows made directly: the matrix tests authorization, not the URL rules). */
export async function matrixWebhookEndpoint(): Promise<string> {
  const row = await db.webhookEndpoint.create({
    data: { name: "matrix", url: MATRIX_WEBHOOK_URL, secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}`, events: ["device.revoked"] },
    select: { id: true },
  });
  return row.id;
}

/** A FAILED delivery on a fresh endpoint: redelivery is allowed once per state, so one per call. */
export async function matrixWebhookDelivery(): Promise<string> {
  const endpointId = await matrixWebhookEndpoint();
  const row = await db.webhookDelivery.create({
    data: { endpointId, eventId: `evt_matrix_${randomUUID()}`, eventType: "device.revoked", payload: { type: "device.revoked", timestamp: new Date().toISOString(), data: {} }, status: "FAILED", attempts: 3 },
    select: { id: true },
  });
  return row.id;
}

// ── Legal holds (lib/retention) ──

/** An active hold on a fresh account, placed by another administrator. */
export async function matrixLegalHold(): Promise<string> {
  const account = await makeInboundAccount();
  const placer = await makeTarget("ADMIN");
  return (await db.legalHold.create({ data: { accountId: account.id, reason: "matrix: litigation hold", placedById: placer.id }, select: { id: true } })).id;
}

// ── Documents (lib/documents) ──

let jpeg: Promise<Buffer> | undefined;

/** An ACCEPTED ID photo (normalised JPEG and thumbnail in storage) on a case of a fresh account. */
export async function matrixDocument(): Promise<string> {
  jpeg ??= sharp({ create: { width: 16, height: 10, channels: 3, background: "#808080" } }).jpeg().toBuffer();
  const account = await makeInboundAccount();
  const email = await makeInboundEmail("PROCESSED", { accountId: account.id, fromAddress: account.email });
  const kase = await db.reviewCase.create({ data: { accountId: account.id, slaDueAt: new Date(Date.now() + 3_600_000) }, select: { id: true } });
  const id = randomUUID();
  const keys = { normalized: `normalized/${id}.jpg`, thumbnail: `thumbnails/${id}.jpg` };
  await putBytes("documents", keys.normalized, await jpeg, "image/jpeg");
  await putBytes("documents", keys.thumbnail, await jpeg, "image/jpeg");
  await db.document.create({
    data: {
      id,
      inboundEmailId: email.id,
      caseId: kase.id,
      originalKey: `quarantine/originals/${id}`,
      normalizedKey: keys.normalized,
      thumbnailKey: keys.thumbnail,
      sha256: "c".repeat(64),
      sizeBytes: 100,
      sniffedType: "image/jpeg",
      side: "FRONT",
      verdict: "ACCEPTED",
    },
  });
  return id;
}
