import { slaMinutes } from "../world/settings";
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, LOCALES, arr, days, frac, h, pick, pickPlatform, uuid7 } from "./sql";
import { slug } from "../world/catalog";

// Session-local plan tables (TEMP: gone when the connection closes). Every bulk row is decided here
// first: ids, times and states of cases, accounts and their devices, so the INSERTs that follow only
// copy and the rows agree with one another (device status ↔ case decision ↔ login windows).

export interface BulkPlan {
  accounts: number;
  cases: number;
  /** First bulk account number of this run (uids B000000001, B000000002, …). */
  uidBase: number;
  /** Distinguishes this run's external ids from earlier runs'. */
  tag: string;
  staff: { agents: string[]; supervisors: string[] };
}

export function caseTableSql(p: BulkPlan): string {
  const C = p.cases;
  // The newest 5% of cases are still open; the rest were decided over the past year. Case numbers
  // follow j, and so does the creation time.
  const openFrom = Math.floor(C * 0.95);
  const decidedStatus = `CASE WHEN ${h("j", 12)} % 100 < 77 THEN 'APPROVED' ELSE 'REJECTED' END`;
  const openStatus = `(${arr(["NEW", "NEW", "NEW", "NEW", "IN_REVIEW", "IN_REVIEW", "AWAITING_CUSTOMER", "AWAITING_CUSTOMER", "ESCALATED", "PENDING_SECOND_APPROVAL"])})[1 + ${h("j", 11)} % 10]`;
  const flags = ["{}", "{}", "{}", "{}", "{}", "{}", "{}", "{}", "{}", "{}", "{}", "{}", "{IP_MISMATCH}", "{IP_MISMATCH}", "{NEW_COUNTRY}", "{NEW_NETWORK}", "{MANY_FAILURES}", "{NAME_MISMATCH}", "{IP_MISMATCH,NEW_COUNTRY}", "{DUPLICATE_ID}", "{REUSED_PHOTO}", "{SENDER_AUTH_FAILED}"];
  const reasons = ["{NAME_MISMATCH}", "{DOCUMENT_UNREADABLE}", "{DOCUMENT_UNREADABLE}", "{DOCUMENT_EXPIRED}", "{NOT_ACCOUNT_HOLDER}", "{NOT_ACCOUNT_HOLDER,SUSPECTED_FRAUD}", "{ID_BOUND_TO_OTHER_ACCOUNT}", "{OTHER}"];
  const sla = `CASE priority ${Object.entries(slaMinutes).map(([k, v]) => `WHEN '${k}' THEN ${v}`).join(" ")} END`;
  const mins = (expr: string) => `make_interval(mins => (${expr})::int)`;
  const priorities = ["URGENT", "HIGH", "HIGH", "HIGH", ...Array<string>(13).fill("NORMAL"), "LOW", "LOW", "LOW"];
  return `
CREATE TEMP TABLE bulk_case AS
WITH s0 AS (
  SELECT j, ((j - 1) % ${p.accounts}) + 1 AS account_i,
    CASE WHEN j > ${openFrom} THEN ${openStatus} ELSE ${decidedStatus} END AS status,
    (${arr(priorities)})[1 + ${h("j", 15)} % ${priorities.length}] AS priority,
    CASE WHEN j > ${openFrom}
      THEN now() - ${days(`3.0 * (1 - (j - ${openFrom})::float8 / ${Math.max(1, C - openFrom)})`)} - make_interval(secs => (${h("j", 19)} % 600)::float8)
      ELSE now() - ${days(`365 - 362.0 * j::float8 / ${Math.max(1, openFrom)}`)} END AS created
  FROM generate_series(1, ${C}) j
), s1 AS (
  SELECT s0.*, ${sla} AS sla_m FROM s0
), s2 AS (
  -- Claimed within a quarter of the SLA; 88% decided within it, the rest late.
  SELECT s1.*, CASE WHEN status = 'NEW' THEN NULL ELSE least(created + ${mins(`2 + ${h("j", 14)} % (sla_m / 4)`)}, now()) END AS claimed FROM s1
), s3 AS (
  SELECT s2.*,
    ${uuid7("created", `'${p.tag}:case:' || j`)} AS id,
    ${uuid7("created - interval '1 minute'", `'${p.tag}:email:' || j`)} AS email_id,
    created + ${mins("sla_m")} AS sla_due,
    CASE WHEN status IN ('APPROVED', 'REJECTED') THEN least(claimed + CASE WHEN ${h("j", 13)} % 100 < 88
        THEN ${mins(`3 + ${h("j", 20)} % (sla_m / 2)`)} ELSE ${mins(`sla_m / 2 + ${h("j", 20)} % 1440`)} END, now() - interval '1 minute') END AS decided,
    CASE WHEN status = 'NEW' THEN NULL
         WHEN status IN ('ESCALATED', 'PENDING_SECOND_APPROVAL') THEN ${pick(p.staff.supervisors, "j", 16)}::uuid
         ELSE ${pick([...p.staff.agents, ...p.staff.agents, ...p.staff.supervisors], "j", 16)}::uuid END AS assignee,
    (${arr(flags)})[1 + ${h("j", 17)} % ${flags.length}]::"RiskFlag"[] AS flags,
    CASE WHEN status = 'REJECTED' THEN (${arr(reasons)})[1 + ${h("j", 18)} % ${reasons.length}] ELSE '{}' END::"RejectReason"[] AS reasons
  FROM s2
)
SELECT s3.*, CASE WHEN sla_due < coalesce(decided, now()) THEN least(sla_due + interval '2 minutes', now()) END AS sla_breached
FROM s3;
ALTER TABLE bulk_case ADD PRIMARY KEY (j);
ANALYZE bulk_case;`;
}

export function accountTableSql(p: BulkPlan): string {
  const firstSlugs = FIRST_NAMES.map(slug);
  const lastSlugs = LAST_NAMES.map(slug);
  const verified = `kyc = 'VERIFIED'`;
  return `
CREATE TEMP TABLE bulk_acct AS
SELECT s.*,
  ${uuid7("created", `'${p.tag}:account:' || i`)} AS id,
  ${uuid7("old_first", `'${p.tag}:device-a:' || i`)} AS old_id,
  CASE WHEN c_id IS NOT NULL THEN ${uuid7("new_first", `'${p.tag}:device-b:' || i`)} END AS new_id,
  CASE WHEN c_id IS NULL THEN NULL WHEN c_status IN ('APPROVED', 'REJECTED') IS NOT TRUE THEN 'PENDING'
       WHEN c_status = 'REJECTED' THEN 'REVOKED'
       -- Most approved devices stay in use; the rest lapse 30 days after their last login.
       WHEN c_decided > now() - interval '30 days' OR ${h("i", 24)} % 10 < 7 THEN 'AUTHORIZED' ELSE 'EXPIRED' END AS new_status,
  CASE WHEN ${verified} THEN (CASE WHEN ${h("i", 8)} % 100 < 85 THEN 'FACE' ELSE 'OLD_DEVICE' END) ELSE 'SECURITY_ITEMS' END AS old_method
FROM (
  SELECT a.*,
    CASE old_status
      WHEN 'AUTHORIZED' THEN now() - ${days(`${frac("i", 7)} * 9`)}
      WHEN 'EXPIRED' THEN now() - ${days(`31 + ${frac("i", 7)} * 28`)}
      ELSE now() - ${days(`3 + ${frac("i", 7)} * 50`)} END AS old_last,
    c.id AS c_id, c.status AS c_status, c.created AS c_created, c.decided AS c_decided, c.assignee AS c_decider,
    c.created - make_interval(mins => (30 + ${h("i", 9)} % 600)::int) AS new_first,
    a.created + ${days(`${frac("i", 10)} * 20`)} AS old_first
  FROM (
    SELECT i,
      'B' || lpad((${p.uidBase} + i)::text, 9, '0') AS uid,
      now() - ${days(`90 + ${frac("i", 1)} * 1400`)} AS created,
      (${arr(["VERIFIED", "VERIFIED", "VERIFIED", "VERIFIED", "VERIFIED", "VERIFIED", "VERIFIED", "UNVERIFIED", "UNVERIFIED", "PENDING", "REJECTED"])})[1 + ${h("i", 2)} % 11] AS kyc,
      ${pick(FIRST_NAMES, "i", 3)} AS first_name, ${pick(LAST_NAMES, "i", 4)} AS last_name,
      ${pick(firstSlugs, "i", 3)} || '.' || ${pick(lastSlugs, "i", 4)} || (${p.uidBase} + i)::text || '@' || ${pick(EMAIL_DOMAINS, "i", 5)} AS email,
      ${pick(LOCALES, "i", 6)} AS locale,
      1 + ${h("i", 20)} % 20 AS home_net,
      ${pickPlatform("i", 21)} AS old_platform,
      (${arr(["IOS", "ANDROID"])})[1 + ${h("i", 22)} % 2] AS new_platform,
      (${arr(Array.from({ length: 20 }, () => "AUTHORIZED").concat(["EXPIRED", "EXPIRED", "EXPIRED", "REVOKED"]))})[1 + ${h("i", 23)} % 24] AS old_status
    FROM generate_series(1, ${p.accounts}) i
  ) a
  LEFT JOIN bulk_case c ON c.j = a.i
) s;
ALTER TABLE bulk_acct ADD PRIMARY KEY (i);
ANALYZE bulk_acct;`;
}

/** Demo documents to point bulk documents at: front and back of the same email. */
export const POOL_SQL = `
CREATE TEMP TABLE bulk_pool AS
WITH candidates AS (
  -- Earlier bulk runs' emails point at these same photos; only the originals are candidates.
  -- (Document has no index on inboundEmailId, so documents are found through caseId.)
  SELECT id, "caseId", "rawKey", "rawSha256", "rawSize", "receivedAt" FROM "InboundEmail"
  WHERE "providerMessageId" NOT LIKE 'bulk-%' AND "caseId" IS NOT NULL
  ORDER BY "receivedAt", id LIMIT 200
)
SELECT row_number() OVER (ORDER BY e."receivedAt", e.id)::int AS p,
  e."rawKey" AS raw_key, e."rawSha256" AS raw_sha, e."rawSize" AS raw_size,
  f."originalKey" AS f_orig, f."normalizedKey" AS f_norm, f."thumbnailKey" AS f_thumb, f."sizeBytes" AS f_size, f.width AS f_w, f.height AS f_h, f."fileName" AS f_name,
  b."originalKey" AS b_orig, b."normalizedKey" AS b_norm, b."thumbnailKey" AS b_thumb, b."sizeBytes" AS b_size, b.width AS b_w, b.height AS b_h, b."fileName" AS b_name
FROM candidates e
JOIN LATERAL (SELECT * FROM "Document" d WHERE d."caseId" = e."caseId" AND d."inboundEmailId" = e.id AND d.side = 'FRONT' AND d."purgedAt" IS NULL ORDER BY d.id LIMIT 1) f ON true
JOIN LATERAL (SELECT * FROM "Document" d WHERE d."caseId" = e."caseId" AND d."inboundEmailId" = e.id AND d.side = 'BACK' AND d."purgedAt" IS NULL ORDER BY d.id LIMIT 1) b ON true
ORDER BY e."receivedAt", e.id
LIMIT 64;`;
