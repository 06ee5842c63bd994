import type { AuditActionData } from "../audit/actions";
import { appendAuditMany } from "../audit/append-many";
import type { Tx } from "../db";
import type { RequestContext } from "../http/request-context";
import type { LoginAuthorization } from "./apply-authorizations";

// One device.authorized audit entry per device the identity service authorised by a login, actor
// PROVIDER identity-service, written for the whole batch at once (appendAuditMany: it takes the
// audit chain's lock, so call this last in the batch's transaction).

export function loginAuthorizedData(a: LoginAuthorization): AuditActionData["device.authorized"] {
  return {
    deviceId: a.deviceId,
    accountId: a.accountId,
    reasonCode: "IDENTITY_SERVICE_LOGIN",
    caseId: null,
    approvalId: null,
    override: false,
    statusBefore: a.statusBefore,
    method: a.method,
    loginEventId: a.loginEventId,
    loginAt: a.loginAt.toISOString(),
  };
}

export async function auditLoginAuthorizations(tx: Tx, authorizations: readonly LoginAuthorization[], request?: RequestContext): Promise<void> {
  await appendAuditMany(
    tx,
    authorizations.map((a) => ({
      action: "device.authorized" as const,
      actor: { type: "PROVIDER" as const, id: "identity-service" },
      target: { type: "Device", id: a.deviceId },
      accountId: a.accountId,
      request,
      data: loginAuthorizedData(a),
    })),
  );
}
