import { db, Prisma } from "../db";
import type { AuthMethod, LoginFailureReason, LoginOutcome } from "../generated/prisma/enums";
import { DAY_MS } from "./shared";

// Risk flags computed from an account's logins, each with the logins that raised it. Every query
// walks the LoginEvent (accountId, occurredAt desc, id desc) index for one account only.

/** Flags look at this many days of logins (new country/network compare them with all history). */
export const RISK_WINDOW_DAYS = 30;
/** "Many failures": at least this many failed logins within FAILURE_BURST_HOURS. */
export const FAILURE_BURST_THRESHOLD = 5;
export const FAILURE_BURST_HOURS = 24;
/** Evidence logins returned per flag (the count says how many there are in all). */
export const EVIDENCE_LIMIT = 10;

export type AccountRiskFlag = "IP_MISMATCH" | "NEW_COUNTRY" | "NEW_NETWORK" | "MANY_FAILURES";

export interface LoginEvidence {
  loginId: string;
  occurredAt: Date;
  deviceId: string | null;
  ip: string | null;
  webIp: string | null;
  country: string | null;
  network: string | null;
  asn: number | null;
  method: AuthMethod;
  outcome: LoginOutcome;
  failureReason: LoginFailureReason | null;
}

export interface RiskFlagView {
  flag: AccountRiskFlag;
  /** What is new: the new countries (ISO codes) or networks ("name (AS123)"); empty for the other flags. */
  subjects: string[];
  /** Logins behind the flag in the window (for MANY_FAILURES: in the worst 24 hours). */
  count: number;
  /** Up to EVIDENCE_LIMIT of them, newest first. */
  evidence: LoginEvidence[];
}

export interface RiskAssessment {
  window: { from: Date; to: Date };
  flags: RiskFlagView[];
}

type EvidenceRow = Omit<LoginEvidence, "loginId"> & { id: bigint };

const EVIDENCE_COLUMNS = Prisma.sql`id, "occurredAt", "deviceId"::text AS "deviceId", ip, "webIp", country, network, asn, method::text AS method, outcome::text AS outcome, "failureReason"::text AS "failureReason"`;

const toEvidence = ({ id, ...rest }: EvidenceRow): LoginEvidence => ({ loginId: id.toString(), ...rest });
const newestFirst = (a: LoginEvidence, b: LoginEvidence) => b.occurredAt.getTime() - a.occurredAt.getTime() || Number(BigInt(b.loginId) - BigInt(a.loginId));

/** The web session and the app saw different IP addresses at the same login. */
async function ipMismatch(accountId: string, from: Date): Promise<RiskFlagView | null> {
  const rows = await db.$queryRaw<(EvidenceRow & { total: bigint })[]>`
    SELECT ${EVIDENCE_COLUMNS}, count(*) OVER () AS total FROM "LoginEvent"
    WHERE "accountId" = ${accountId}::uuid AND "occurredAt" >= ${from} AND "webIp" IS NOT NULL AND ip IS NOT NULL AND "webIp" <> ip
    ORDER BY "occurredAt" DESC, id DESC LIMIT ${EVIDENCE_LIMIT}`;
  if (!rows.length) return null;
  return { flag: "IP_MISMATCH", subjects: [], count: Number(rows[0].total), evidence: rows.map(({ total: _t, ...r }) => toEvidence(r)) };
}

const subjectOf = (key: "country" | "network", alias: string) => {
  const a = Prisma.raw(alias);
  return key === "country" ? Prisma.sql`${a}.country` : Prisma.sql`COALESCE('AS' || ${a}.asn::text, ${a}.network)`;
};

/**
 * Logins in the window from a country (or network: ASN, else its name) the account had never
 * used before. The account's very first login sets its baseline and is never "new". Only the
 * window's subjects are looked up in the older history, and a familiar one stops at its first
 * older login, so the common case reads little more than the window.
 */
async function firstSeen(accountId: string, from: Date, key: "country" | "network"): Promise<RiskFlagView | null> {
  const rows = await db.$queryRaw<(EvidenceRow & { subject: string; total: bigint })[]>`
    WITH w AS (
      SELECT ${EVIDENCE_COLUMNS}, ${subjectOf(key, "l")} AS subject FROM "LoginEvent" l
      WHERE l."accountId" = ${accountId}::uuid AND l."occurredAt" >= ${from}
    ), subjects AS (
      SELECT subject, min("occurredAt") AS first_at FROM w WHERE subject IS NOT NULL GROUP BY subject
    ), new_subjects AS (
      SELECT s.subject FROM subjects s
      WHERE s.first_at > (SELECT min("occurredAt") FROM "LoginEvent" WHERE "accountId" = ${accountId}::uuid)
        AND NOT EXISTS (SELECT 1 FROM "LoginEvent" o WHERE o."accountId" = ${accountId}::uuid AND o."occurredAt" < ${from} AND ${subjectOf(key, "o")} = s.subject)
    ), fresh AS (
      SELECT w.*, count(*) OVER () AS total,
        row_number() OVER (PARTITION BY subject ORDER BY "occurredAt" DESC, id DESC) AS nth,
        row_number() OVER (ORDER BY "occurredAt" DESC, id DESC) AS overall
      FROM w JOIN new_subjects USING (subject)
    )
    SELECT ${EVIDENCE_COLUMNS}, subject, total FROM fresh WHERE nth = 1 OR overall <= ${EVIDENCE_LIMIT} ORDER BY "occurredAt" DESC, id DESC`;
  if (!rows.length) return null;
  const keys = [...new Set(rows.map((r) => r.subject))];
  // Keep at least the newest login from every new subject in the evidence.
  const firstOfEach = keys.map((s) => rows.find((r) => r.subject === s)!);
  const subjects = firstOfEach.map((r) => (key === "network" && r.asn !== null ? `${r.network ?? "unnamed network"} (AS${r.asn})` : r.subject));
  const rest = rows.filter((r) => !firstOfEach.includes(r));
  const evidence = [...firstOfEach, ...rest].slice(0, Math.max(EVIDENCE_LIMIT, firstOfEach.length)).map(({ subject: _s, total: _t, ...r }) => toEvidence(r));
  return { flag: key === "country" ? "NEW_COUNTRY" : "NEW_NETWORK", subjects, count: Number(rows[0].total), evidence: evidence.sort(newestFirst) };
}

/** The 24-hour span (ending at a failure) with the most failures, when it reaches the threshold. Pure. */
export function worstFailureBurst<T extends { occurredAt: Date }>(failuresOldestFirst: T[], spanMs = FAILURE_BURST_HOURS * 3_600_000, threshold = FAILURE_BURST_THRESHOLD): T[] | null {
  let best: [number, number] = [0, 0];
  let start = 0;
  for (let end = 0; end < failuresOldestFirst.length; end++) {
    const endAt = failuresOldestFirst[end].occurredAt.getTime();
    while (endAt - failuresOldestFirst[start].occurredAt.getTime() >= spanMs) start++;
    if (end - start + 1 > best[1] - best[0]) best = [start, end + 1];
  }
  return best[1] - best[0] >= threshold ? failuresOldestFirst.slice(best[0], best[1]) : null;
}

/** At least FAILURE_BURST_THRESHOLD failed logins within FAILURE_BURST_HOURS, inside the window. */
async function manyFailures(accountId: string, from: Date): Promise<RiskFlagView | null> {
  // Bounded: 2,000 failures in 30 days is already an attack; the worst burst is found among them.
  const rows = await db.$queryRaw<EvidenceRow[]>`
    SELECT * FROM (
      SELECT ${EVIDENCE_COLUMNS} FROM "LoginEvent"
      WHERE "accountId" = ${accountId}::uuid AND "occurredAt" >= ${from} AND outcome = 'FAILURE'
      ORDER BY "occurredAt" DESC, id DESC LIMIT 2000
    ) f ORDER BY "occurredAt", id`;
  const burst = worstFailureBurst(rows);
  if (!burst) return null;
  const evidence = burst.map(toEvidence).sort(newestFirst);
  return { flag: "MANY_FAILURES", subjects: [], count: burst.length, evidence: evidence.slice(0, EVIDENCE_LIMIT) };
}

/** All login-derived risk flags of an account over the last RISK_WINDOW_DAYS days. */
export async function assessLoginRisk(accountId: string, now: Date): Promise<RiskAssessment> {
  const from = new Date(now.getTime() - RISK_WINDOW_DAYS * DAY_MS);
  const flags = await Promise.all([ipMismatch(accountId, from), firstSeen(accountId, from, "country"), firstSeen(accountId, from, "network"), manyFailures(accountId, from)]);
  return { window: { from, to: now }, flags: flags.filter((f): f is RiskFlagView => f !== null) };
}
