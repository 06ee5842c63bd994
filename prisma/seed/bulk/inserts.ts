import { NET, appVersion, arr, days, frac, h, ipOf, modelFor, pick, userAgentFor, uuid7 } from "./sql";
import type { BulkPlan } from "./tables";

// INSERT … SELECT statements that copy one slice [from, to] of the plan tables into the real ones.

const range = (col: string, from: number, to: number) => `${col} BETWEEN ${from} AND ${to}`;

/** Last login of a case-approved device still authorised: within five days, never before approval. */
const newLastLogin = (prefix: string) => `greatest(${prefix}c_decided, now() - ${days(`${frac(`${prefix}i`, 39)} * 5`)})`;

export function insertAccounts(from: number, to: number): string {
  return `
INSERT INTO "Account" (id, uid, email, "emailNormalized", phone, "kycStatus", "realName", locale, "idFingerprint", "sourceUpdatedAt", "createdAt", "updatedAt")
SELECT id, uid, email, lower(email), '+447700900' || lpad((${h("i", 30)} % 1000)::text, 3, '0'), kyc::"KycStatus",
  CASE WHEN kyc = 'VERIFIED' THEN first_name || ' ' || last_name END, locale,
  -- Not an HMAC of a real document (Postgres has no HMAC without pgcrypto): unique, same shape.
  CASE WHEN kyc = 'VERIFIED' THEN encode(sha256(convert_to('bulk-id:' || uid, 'UTF8')), 'hex') END,
  created + interval '1 day', created, created + interval '1 day'
FROM bulk_acct WHERE ${range("i", from, to)} ORDER BY i`;
}

export function insertDevices(p: BulkPlan, from: number, to: number): string {
  const staff = [...p.staff.agents, ...p.staff.supervisors];
  const cols = `id, "accountId", "externalId", platform, model, "appVersion", status, "firstSeenAt", "lastSeenAt", "lastLoginAt", "authMethod", "authorizedAt", "revokedAt", "expiredAt", "decidedById", "decisionReason", "decisionCaseId", "createdAt", "updatedAt"`;
  return `
INSERT INTO "Device" (${cols})
SELECT old_id, id, 'dev_b${p.tag}_' || i || 'a', old_platform::"DevicePlatform", ${modelFor("old_platform", "i", 31)},
  CASE WHEN old_platform = 'WEB' THEN NULL ELSE ${appVersion("i", 32)} END, old_status::"DeviceStatus",
  old_first, old_last, old_last, old_method::"AuthMethod", old_first,
  CASE WHEN old_status = 'REVOKED' THEN old_last + ${days(`1 + ${frac("i", 34)} * 4`)} END,
  CASE WHEN old_status = 'EXPIRED' THEN old_last + interval '30 days 5 minutes' END,
  CASE WHEN old_status = 'REVOKED' AND ${h("i", 35)} % 2 = 0 THEN ${pick(staff, "i", 36)}::uuid END,
  CASE WHEN old_status = 'REVOKED' THEN (CASE WHEN ${h("i", 35)} % 2 = 0 THEN 'LOST_OR_STOLEN' ELSE 'CUSTOMER_REQUEST' END)::"DeviceActionReason" END,
  NULL, old_first, greatest(old_last, now() - interval '1 day')
FROM bulk_acct WHERE ${range("i", from, to)}
UNION ALL
SELECT new_id, id, 'dev_b${p.tag}_' || i || 'b', new_platform::"DevicePlatform", ${modelFor("new_platform", "i", 37)},
  ${appVersion("i", 38)}, new_status::"DeviceStatus", new_first,
  CASE WHEN new_status = 'AUTHORIZED' THEN ${newLastLogin("")} ELSE coalesce(c_decided, c_created) END,
  CASE WHEN new_status = 'AUTHORIZED' THEN ${newLastLogin("")} WHEN new_status = 'EXPIRED' THEN c_decided END,
  CASE WHEN new_status IN ('AUTHORIZED', 'EXPIRED') THEN 'MANUAL'::"AuthMethod" END,
  CASE WHEN new_status IN ('AUTHORIZED', 'EXPIRED') THEN c_decided END,
  CASE WHEN new_status = 'REVOKED' THEN c_decided END,
  CASE WHEN new_status = 'EXPIRED' THEN c_decided + interval '30 days 5 minutes' END,
  CASE WHEN new_status <> 'PENDING' THEN c_decider END,
  CASE WHEN new_status = 'REVOKED' THEN 'POLICY'::"DeviceActionReason" WHEN new_status <> 'PENDING' THEN 'CASE_APPROVED'::"DeviceActionReason" END,
  CASE WHEN new_status <> 'PENDING' THEN c_id END,
  new_first, coalesce(c_decided, c_created)
FROM bulk_acct WHERE new_id IS NOT NULL AND ${range("i", from, to)}`;
}

export function insertCases(p: BulkPlan, from: number, to: number): string {
  return `
INSERT INTO "ReviewCase" (id, "accountId", "deviceId", status, priority, "assigneeId", "claimedAt", "slaDueAt", "slaBreachedAt", version, "riskFlags", "rejectReasons", "decidedById", "decidedAt", "lastCustomerMsgAt", "createdAt", "updatedAt")
SELECT c.id, a.id, CASE WHEN c.j <= ${p.accounts} THEN a.new_id ELSE a.old_id END, c.status::"CaseStatus", c.priority::"CasePriority",
  c.assignee, c.claimed, c.sla_due, c.sla_breached,
  1 + (c.claimed IS NOT NULL)::int + (c.status NOT IN ('NEW', 'IN_REVIEW'))::int + (c.sla_breached IS NOT NULL)::int,
  c.flags, c.reasons, CASE WHEN c.decided IS NOT NULL THEN c.assignee END, c.decided,
  c.created - interval '1 minute', c.created, greatest(c.created, c.claimed, c.decided, c.sla_breached)
FROM bulk_case c JOIN bulk_acct a ON a.i = c.account_i
WHERE ${range("c.j", from, to)} ORDER BY c.j`;
}

export function insertEmailsAndDocuments(p: BulkPlan, from: number, to: number, poolSize: number): string[] {
  const subjects = ["ID photos for new device login", "Face verification keeps failing", "Cannot log in on my new phone - ID attached", "Verification photos"];
  const join = `FROM bulk_case c JOIN bulk_acct a ON a.i = c.account_i JOIN bulk_pool pl ON pl.p = 1 + c.j % ${poolSize} WHERE ${range("c.j", from, to)}`;
  const doc = (side: "FRONT" | "BACK", k: "f" | "b") => `
SELECT ${uuid7("c.created")}, c.email_id, c.id, pl.${k}_orig, pl.${k}_norm, pl.${k}_thumb,
  -- Unique per row rather than the pooled object's hash, so duplicate-photo lookups stay as selective as in production.
  encode(sha256(convert_to('bulk-doc:${p.tag}:${side}:' || c.j, 'UTF8')), 'hex'),
  'image/jpeg', 'image/jpeg', pl.${k}_name, pl.${k}_size, pl.${k}_w, pl.${k}_h, '${side}'::"DocumentSide", 'ACCEPTED'::"VettingVerdict", c.created
${join}`;
  return [
    `
INSERT INTO "InboundEmail" (id, provider, "providerMessageId", "messageId", "references", "fromAddress", "fromName", "toAddress", subject, "receivedAt", "rawKey", "rawSha256", "rawSize", status, spf, dkim, dmarc, "accountId", "caseId", "processedAt", attempts)
SELECT c.email_id, ${pick(["POSTMARK", "POSTMARK", "MAILGUN", "SENDGRID", "MIME"], "c.j", 40)}::"EmailProvider",
  'bulk-${p.tag}-' || c.j, '<bulk.${p.tag}.' || c.j || '@mail.example>', '{}', a.email, a.first_name || ' ' || a.last_name, 'id-review@exchange.example',
  ${pick(subjects, "c.j", 41)}, c.created - interval '1 minute', pl.raw_key, pl.raw_sha, pl.raw_size, 'PROCESSED',
  'PASS', 'PASS', CASE WHEN 'SENDER_AUTH_FAILED' = ANY(c.flags) THEN 'FAIL' ELSE 'PASS' END::"SenderAuthResult", a.id, c.id, c.created, 1
${join}`,
    `
INSERT INTO "Document" (id, "inboundEmailId", "caseId", "originalKey", "normalizedKey", "thumbnailKey", sha256, "sniffedType", "declaredType", "fileName", "sizeBytes", width, height, side, verdict, "createdAt")
${doc("FRONT", "f")}
UNION ALL
${doc("BACK", "b")}`,
  ];
}

export function insertCaseEvents(from: number, to: number, withEmails: boolean): string {
  const emailEvent = withEmails ? `('EMAIL_RECEIVED', c.created, NULL::uuid, json_build_object('inboundEmailId', c.email_id)::jsonb),` : "";
  return `
INSERT INTO "CaseEvent" (id, "caseId", type, "actorId", data, "createdAt")
SELECT ${uuid7("e.at")}, c.id, e.type::"CaseEventType", e.actor, e.data, e.at
FROM bulk_case c CROSS JOIN LATERAL (VALUES
  ('CREATED', c.created, NULL::uuid, '{}'::jsonb),
  ${emailEvent}
  (CASE WHEN c.claimed IS NOT NULL THEN 'CLAIMED' END, c.claimed, c.assignee, '{}'::jsonb),
  (CASE c.status WHEN 'APPROVED' THEN 'APPROVED' WHEN 'REJECTED' THEN 'REJECTED' WHEN 'ESCALATED' THEN 'ESCALATED'
     WHEN 'AWAITING_CUSTOMER' THEN 'RESUBMISSION_REQUESTED' WHEN 'PENDING_SECOND_APPROVAL' THEN 'APPROVAL_REQUESTED' END,
   coalesce(c.decided, c.claimed + interval '10 minutes'), c.assignee, '{}'::jsonb),
  (CASE WHEN c.sla_breached IS NOT NULL THEN 'SLA_BREACHED' END, c.sla_breached, NULL::uuid, '{}'::jsonb)
) AS e(type, at, actor, data)
WHERE e.type IS NOT NULL AND ${range("c.j", from, to)}`;
}

/** Login events k in [from, to]: each on a random bulk account, inside its device's login window. */
export function insertLogins(p: BulkPlan, from: number, to: number): string {
  const faceFail = arr(["LIVENESS_FAILED", "LIVENESS_FAILED", "FACE_MISMATCH", "IP_MISMATCH"]);
  const reason = `CASE method
    WHEN 'FACE' THEN (${faceFail})[1 + ${h("k", 55)} % 4]
    WHEN 'SECURITY_ITEMS' THEN (${arr(["CODE_WRONG", "CODE_WRONG", "CODE_EXPIRED"])})[1 + ${h("k", 55)} % 3]
    WHEN 'OLD_DEVICE' THEN (${arr(["OLD_DEVICE_TIMEOUT", "OLD_DEVICE_DECLINED"])})[1 + ${h("k", 55)} % 2]
    ELSE 'OTHER' END`;
  return `
INSERT INTO "LoginEvent" ("externalId", "accountId", "deviceId", "occurredAt", ip, asn, network, country, "userAgent", "appVersion", "webIp", method, outcome, "failureReason", "createdAt")
SELECT 'evt_b${p.tag}_' || k, account_id, device_id, at, ${ipOf("net", "host")}, (${arr(NET.asn)})[net], (${arr(NET.name)})[net], (${arr(NET.country)})[net],
  ${userAgentFor("platform", "k", 56)}, CASE WHEN platform = 'WEB' THEN NULL ELSE ${appVersion("k", 57)} END,
  CASE WHEN failure = 'IP_MISMATCH' THEN ${ipOf("1 + (net % 20)", "host + 7")} WHEN platform = 'WEB' THEN ${ipOf("net", "host")} END,
  method::"AuthMethod", outcome::"LoginOutcome", failure::"LoginFailureReason", at + interval '2 seconds'
FROM (
  SELECT *, CASE WHEN outcome = 'FAILURE' THEN ${reason} END AS failure
  FROM (
    SELECT k, a.id AS account_id,
      CASE WHEN on_new THEN a.new_id ELSE a.old_id END AS device_id,
      CASE WHEN on_new THEN a.new_platform ELSE a.old_platform END AS platform,
      CASE WHEN NOT on_new THEN a.old_method WHEN a.new_status = 'PENDING' THEN (CASE WHEN a.kyc = 'VERIFIED' THEN 'FACE' ELSE 'SECURITY_ITEMS' END) ELSE 'MANUAL' END AS method,
      CASE WHEN on_new AND a.new_status = 'PENDING' THEN (CASE WHEN ${h("k", 52)} % 5 = 0 THEN 'PENDING_REVIEW' ELSE 'FAILURE' END)
           WHEN ${h("k", 52)} % 100 < 12 THEN 'FAILURE' ELSE 'SUCCESS' END AS outcome,
      CASE WHEN on_new AND a.new_status = 'PENDING' THEN a.new_first + (a.c_created - a.new_first) * ${frac("k", 53)}
           WHEN on_new THEN greatest(a.c_decided, now() - interval '60 days') + (${newLastLogin("a.")} - greatest(a.c_decided, now() - interval '60 days')) * ${frac("k", 53)}
           ELSE (now() - interval '60 days') + (a.old_last - (now() - interval '60 days')) * ${frac("k", 53)} END AS at,
      CASE WHEN ${h("k", 54)} % 10 = 0 THEN 1 + ${h("k", 58)} % ${NET.count} ELSE a.home_net END AS net,
      (${h("k", 59)} % 4000)::int AS host
    FROM (
      SELECT k, 1 + ${h("k", 50)} % ${p.accounts} AS i, ${h("k", 51)} % 4 = 0 AS maybe_new FROM generate_series(${from}, ${to}) k
    ) g
    JOIN bulk_acct a ON a.i = g.i
    CROSS JOIN LATERAL (SELECT g.maybe_new AND a.new_status IN ('PENDING', 'AUTHORIZED') AS on_new) n
  ) x
) y`;
}
