// What must hold once the system has recovered. Every check adds to `problems` instead of failing
// at the first one, so a failing run shows everything that went wrong; the figures go in the report.
// lib/ is imported inside the function: the environment is set by then.
import type { WebhookReceiver } from "@/tests/support/webhook-receiver";
import type { PlannedEmail } from "./burst";
import { checkDecisions, type Decisions } from "./decisions";

/** A distinct email the senders meant to deliver (the fault burst's PlannedEmail; the load bench's own). */
export type CheckedEmail = Pick<PlannedEmail, "messageId" | "accountId"> & { attachments: readonly unknown[] };

/** One accepted delivery: the edge's answer for a Message-ID (the burst's DeliveryResult fits). */
export interface CheckedDelivery {
  delivery: { email: { messageId: string } };
  id: string;
  duplicate: boolean;
}

export interface Figures {
  problems: string[];
  inboundEmails: number;
  cases: number;
  documents: number;
  objectsChecked: number;
  outboundEmails: number;
  smtpDeliveries: number;
  smtpDuplicateDeliveries: number;
  webhookDeliveries: number;
  /** The fault suite's prepared decisions (absent when the caller checks its own). */
  decisions?: Awaited<ReturnType<typeof checkDecisions>>;
  outboxRows: number;
  orphanRawObjects: number;
  intakeAttempts: Record<string, number>;
  auditEntries: number;
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, "");

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function checkInvariants(input: {
  emails: CheckedEmail[];
  accounts: { id: string; pendingDeviceId: string | null }[];
  results: CheckedDelivery[];
  sinkMessageIds: string[];
  /** The fault suite's prepared decisions, checked by checkDecisions; the load bench checks its agents' decisions itself. */
  decisions?: Decisions;
  receiver?: WebhookReceiver;
}): Promise<Figures> {
  const { db } = await import("@/lib/db");
  const { listObjectsPage, objectExists } = await import("@/lib/storage");
  const { buckets } = await import("@/lib/config");
  const { verifyChain } = await import("@/lib/audit/verify");
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < 50) problems.push(p);
  };

  // 1. Each accepted delivery answered with the one InboundEmail of its Message-ID; exactly one answer said "new".
  const byMessage = new Map<string, CheckedDelivery[]>();
  for (const r of input.results) byMessage.set(r.delivery.email.messageId, [...(byMessage.get(r.delivery.email.messageId) ?? []), r]);
  const rows = await db.inboundEmail.findMany({
    select: { id: true, messageId: true, status: true, accountId: true, caseId: true, rawKey: true, attempts: true, parseError: true },
  });
  const rowByMessage = new Map(rows.map((r) => [r.messageId ?? "", r]));
  if (rows.length !== input.emails.length) problem(`${rows.length} InboundEmail rows for ${input.emails.length} distinct emails`);
  for (const e of input.emails) {
    const answers = byMessage.get(e.messageId) ?? [];
    const row = rowByMessage.get(e.messageId);
    if (!answers.length) problem(`${e.messageId}: never accepted`);
    if (!row) {
      problem(`${e.messageId}: accepted but no InboundEmail`);
      continue;
    }
    const ids = new Set(answers.map((a) => a.id));
    if (ids.size !== 1 || !ids.has(row.id)) problem(`${e.messageId}: answered with ids ${[...ids].join(",")}, row ${row.id}`);
    const fresh = answers.filter((a) => !a.duplicate).length;
    if (fresh !== 1) problem(`${e.messageId}: ${fresh} deliveries answered duplicate=false`);
    // 2. Processed to its account's case, or UNMATCHED for a stranger; nothing failed.
    if (e.accountId) {
      if (row.status !== "PROCESSED" || row.accountId !== e.accountId || !row.caseId) problem(`${row.id}: ${row.status} account=${row.accountId} case=${row.caseId} ${row.parseError ?? ""}`);
    } else if (row.status !== "UNMATCHED") problem(`${row.id}: stranger's email is ${row.status} ${row.parseError ?? ""}`);
  }

  // 3. One case per account, for its pending device, and every email of the account on it.
  const burstAccounts = input.accounts.map((a) => a.id);
  const cases = await db.reviewCase.findMany({ where: { accountId: { in: burstAccounts } }, select: { id: true, accountId: true, deviceId: true } });
  for (const a of input.accounts) {
    const mine = cases.filter((c) => c.accountId === a.id);
    if (mine.length !== 1) problem(`account ${a.id}: ${mine.length} cases`);
    else {
      if (mine[0].deviceId !== a.pendingDeviceId) problem(`case ${mine[0].id}: device ${mine[0].deviceId}, expected ${a.pendingDeviceId}`);
      const stray = rows.filter((r) => r.accountId === a.id && r.caseId !== mine[0].id);
      if (stray.length) problem(`account ${a.id}: ${stray.length} emails not on its case`);
    }
  }

  // 4. Every attachment is a Document whose objects exist; every raw payload is in S3.
  const docs = await db.document.findMany({ select: { id: true, inboundEmailId: true, caseId: true, verdict: true, originalKey: true, normalizedKey: true, thumbnailKey: true } });
  const docsByEmail = new Map<string, typeof docs>();
  for (const d of docs) docsByEmail.set(d.inboundEmailId ?? "", [...(docsByEmail.get(d.inboundEmailId ?? "") ?? []), d]);
  for (const e of input.emails) {
    const row = rowByMessage.get(e.messageId);
    if (!row) continue;
    const mine = docsByEmail.get(row.id) ?? [];
    if (mine.length !== e.attachments.length) problem(`${row.id}: ${mine.length} documents for ${e.attachments.length} attachments`);
    for (const d of mine) {
      if (d.verdict !== "ACCEPTED") problem(`document ${d.id}: ${d.verdict}`);
      if (d.caseId !== row.caseId) problem(`document ${d.id}: case ${d.caseId}, email's case ${row.caseId}`);
    }
  }
  const objects: [keyof typeof buckets, string][] = [
    ...rows.map((r) => ["inbound", r.rawKey] as [keyof typeof buckets, string]),
    ...docs.flatMap((d) => [
      ["inbound", d.originalKey] as [keyof typeof buckets, string],
      ...(d.normalizedKey ? [["documents", d.normalizedKey] as [keyof typeof buckets, string]] : []),
      ...(d.thumbnailKey ? [["documents", d.thumbnailKey] as [keyof typeof buckets, string]] : []),
    ]),
  ];
  // A failing S3 call says which one it was (the 10,000-email run once stopped on a bare InternalError).
  const named = async <T>(call: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw new Error(`invariant check: S3 ${call} failed: ${(err as Error).name}: ${(err as Error).message}`, { cause: err });
    }
  };
  await inBatches(objects, 16, async ([bucket, key]) => {
    if (!(await named(`HeadObject ${bucket}/${key}`, () => objectExists(bucket, key)))) problem(`missing object ${bucket}/${key}`);
  });

  // Raw uploads no row points at: deliveries whose upload succeeded and whose transaction did not (documented).
  const rawKeys = new Set(rows.map((r) => r.rawKey));
  let orphanRawObjects = 0;
  let token: string | undefined;
  let pageNo = 0;
  do {
    pageNo += 1;
    const page = await named(`ListObjectsV2 ${buckets.inbound}/quarantine/raw/ page ${pageNo}`, () => listObjectsPage("inbound", "quarantine/raw/", { continuationToken: token }));
    orphanRawObjects += page.objects.filter((o) => !rawKeys.has(o.key)).length;
    token = page.nextToken ?? undefined;
  } while (token);

  // 5. Replies: one acknowledgement per case, one WRONG_SENDER per stranger's email, each row sent;
  // the SMTP receiver saw each at least once (at-least-once: it deduplicates on Message-ID).
  const outbound = await db.outboundEmail.findMany({ select: { id: true, caseId: true, inReplyToId: true, template: true, status: true, messageId: true } });
  for (const c of cases) {
    const acks = outbound.filter((o) => o.caseId === c.id && o.template === "ACKNOWLEDGEMENT").length;
    if (acks !== 1) problem(`case ${c.id}: ${acks} acknowledgements`);
  }
  const seenPairs = new Set<string>();
  for (const o of outbound) {
    // Intake's replies answer one inbound email. Staff emails (decisions): one per case here, where each
    // case is decided once; a caller whose cases are decided more than once counts them per decision itself.
    const pair = o.inReplyToId ? `${o.inReplyToId}:${o.template}` : input.decisions ? `case ${o.caseId}:${o.template}` : null;
    if (pair && seenPairs.has(pair)) problem(`outbound ${o.template} twice for inbound ${o.inReplyToId}`);
    if (pair) seenPairs.add(pair);
    if (o.status !== "SENT") problem(`outbound ${o.id}: ${o.status}`);
  }
  for (const e of input.emails.filter((x) => !x.accountId)) {
    const row = rowByMessage.get(e.messageId);
    const n = outbound.filter((o) => o.inReplyToId === row?.id && o.template === "WRONG_SENDER").length;
    if (n !== 1) problem(`stranger email ${row?.id}: ${n} WRONG_SENDER replies`);
  }
  const received = new Map<string, number>();
  for (const id of input.sinkMessageIds) received.set(bare(id), (received.get(bare(id)) ?? 0) + 1);
  for (const o of outbound) if (!received.has(bare(o.messageId))) problem(`outbound ${o.id} (${o.template}) SENT but never reached the SMTP server`);
  const smtpDuplicateDeliveries = [...received.values()].reduce((a, n) => a + n - 1, 0);

  const decided = input.decisions && input.receiver ? await checkDecisions(input.decisions, input.receiver, problem) : undefined;

  // 6. Webhooks: one delivery per (endpoint, event id) — the receiver's dedupe key.
  const webhookDupes = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT 1 FROM "WebhookDelivery" GROUP BY "endpointId", "eventId" HAVING count(*) > 1) d`;
  if (Number(webhookDupes[0].n) > 0) problem(`${webhookDupes[0].n} webhook events delivered as more than one delivery row`);
  const webhookDeliveries = await db.webhookDelivery.count();

  // 7. The audit trail: an unbroken chain, one received/processed entry per email, one case.created per case.
  const chain = await verifyChain();
  if (!chain.ok) problem(`audit chain broken: ${chain.firstBreak?.message}`);
  const perEmail = await db.$queryRaw<{ action: string; id: string; n: bigint }[]>`
    SELECT action, COALESCE(data->>'inboundEmailId', data->>'caseId') AS id, count(*) AS n FROM "AuditEntry"
    WHERE action IN ('email.received', 'email.processed', 'case.created') GROUP BY 1, 2`;
  const audited = (action: string) => new Map(perEmail.filter((r) => r.action === action).map((r) => [r.id, Number(r.n)]));
  for (const action of ["email.received", "email.processed"]) {
    const m = audited(action);
    for (const r of rows) if (m.get(r.id) !== 1) problem(`${action} × ${m.get(r.id) ?? 0} for ${r.id}`);
  }
  const created = audited("case.created");
  for (const c of cases) if (created.get(c.id) !== 1) problem(`case.created × ${created.get(c.id) ?? 0} for ${c.id}`);

  const outboxRows = await db.outboxMessage.count();
  const intakeAttempts: Record<string, number> = {};
  for (const r of rows) intakeAttempts[String(r.attempts)] = (intakeAttempts[String(r.attempts)] ?? 0) + 1;

  return {
    problems,
    inboundEmails: rows.length,
    cases: cases.length,
    documents: docs.length,
    objectsChecked: objects.length,
    outboundEmails: outbound.length,
    smtpDeliveries: input.sinkMessageIds.length,
    smtpDuplicateDeliveries,
    webhookDeliveries,
    decisions: decided,
    outboxRows,
    orphanRawObjects,
    intakeAttempts,
    auditEntries: chain.checked,
  };
}
