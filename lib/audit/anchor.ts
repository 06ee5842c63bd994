import type { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { systemActor, type Actor } from "../auth/actor";
import { buckets } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { s3 } from "../storage";
import { appendAudit } from "./append";

// Anchors: the chain head (seq, hash) copied hourly to a write-once object in the audit bucket,
// outside the database. Someone who can rewrite AuditEntry (and recompute every hash after their
// edit) cannot rewrite these objects — in production the bucket has S3 Object Lock in compliance
// mode; locally (s3rver) only this code's refusal to overwrite protects them (docs/AUDIT.md).

const PREFIX = "anchors/";
/** Zero-padded to bigint's 19 digits (and one more), so keys sort in seq order and can be listed by range. */
export const anchorKey = (seq: bigint): string => `${PREFIX}${seq.toString().padStart(20, "0")}.json`;

export function anchorSeqFromKey(key: string): bigint | null {
  const m = /^anchors\/(\d{20})\.json$/.exec(key);
  return m ? BigInt(m[1]) : null;
}

const ZAnchorObject = z.object({
  seq: z.string().regex(/^\d+$/),
  hash: z.string(),
  anchoredAt: z.string(),
  prevAnchor: z.object({ seq: z.string(), hash: z.string(), objectKey: z.string() }).nullable(),
});
export type AnchorObject = z.infer<typeof ZAnchorObject>;

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}

/** The anchor object at `key`, or null when there is none; an object that is not an anchor reads as seq "invalid". */
export async function readAnchorObject(key: string): Promise<AnchorObject | null> {
  let text: string;
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: buckets.audit, Key: key }));
    const chunks: Buffer[] = [];
    for await (const chunk of res.Body as Readable) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString("utf8");
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  try {
    return ZAnchorObject.parse(JSON.parse(text));
  } catch {
    return { seq: "invalid", hash: "", anchoredAt: "", prevAnchor: null };
  }
}

/** Keys under anchors/ whose seq lies in [fromSeq, toSeq], in order. A missing bucket holds none. */
export async function listAnchorKeys(fromSeq: bigint, toSeq?: bigint): Promise<string[]> {
  const last = toSeq === undefined ? null : anchorKey(toSeq);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await s3.send(
        new ListObjectsV2Command({ Bucket: buckets.audit, Prefix: PREFIX, ContinuationToken: token, ...(token ? {} : fromSeq > 1n ? { StartAfter: anchorKey(fromSeq - 1n) } : {}) }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === "NoSuchBucket") return keys;
      throw err;
    }
    for (const o of page.Contents ?? []) {
      if (!o.Key) continue;
      if (last !== null && o.Key > last) return keys;
      keys.push(o.Key);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/**
 * Writes an anchor object once. Refuses when the key exists (checked first: s3rver ignores
 * conditional writes) and sends `If-None-Match: *`, which S3 and MinIO enforce atomically.
 */
export async function writeAnchorObject(key: string, anchor: AnchorObject): Promise<void> {
  const exists = await s3.send(new HeadObjectCommand({ Bucket: buckets.audit, Key: key })).then(
    () => true,
    (err: unknown) => (isMissing(err) ? false : Promise.reject(err)),
  );
  if (exists) throw new AppError("CONFLICT", `Anchor object ${key} already exists; anchors are write-once.`);
  try {
    await s3.send(new PutObjectCommand({ Bucket: buckets.audit, Key: key, Body: JSON.stringify(anchor), ContentType: "application/json", IfNoneMatch: "*" }));
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 412 || status === 409) throw new AppError("CONFLICT", `Anchor object ${key} already exists; anchors are write-once.`);
    throw err;
  }
}

export type AnchorResult =
  | { anchored: true; seq: bigint; hash: string; objectKey: string }
  | { anchored: false; reason: "empty" | "unchanged" | "concurrent"; seq: bigint | null };

/**
 * Anchors the current chain head: object first (write-once), then the AuditAnchor row and the
 * `audit.anchored` entry in one transaction. A no-op when nothing but the last anchoring itself
 * was appended since the last anchor. Safe to run twice: the object of a run that died before its
 * commit is reused when it holds the same head; the row's primary key (seq) stops a concurrent run.
 */
export async function anchorChainHead(opts: { actor?: Actor; request?: RequestContext; now?: Date } = {}): Promise<AnchorResult> {
  const actor = opts.actor ?? systemActor("scheduler");
  const head = (await db.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM "AuditEntry" ORDER BY seq DESC LIMIT 1`)[0];
  if (!head) return { anchored: false, reason: "empty", seq: null };
  const last = await db.auditAnchor.findFirst({ orderBy: { seq: "desc" } });
  if (last) {
    if (head.seq < last.seq) throw new Error(`audit chain head ${head.seq} is behind the last anchor ${last.seq}: entries were removed; run audit verify`);
    const moved = await db.auditEntry.count({ where: { seq: { gt: last.seq }, action: { not: "audit.anchored" } } });
    if (moved === 0) return { anchored: false, reason: "unchanged", seq: last.seq };
  }

  const objectKey = anchorKey(head.seq);
  const now = opts.now ?? new Date();
  const existing = await readAnchorObject(objectKey);
  let anchoredAt = now;
  if (existing) {
    // A run that wrote the object and died before its commit: reuse it if it anchors this very head.
    if (existing.seq !== String(head.seq) || existing.hash !== head.hash) throw new AppError("CONFLICT", `Anchor object ${objectKey} exists with a different head; run audit verify.`);
    anchoredAt = new Date(existing.anchoredAt);
  } else {
    const prevAnchor = last ? { seq: String(last.seq), hash: last.hash, objectKey: last.objectKey } : null;
    await writeAnchorObject(objectKey, { seq: String(head.seq), hash: head.hash, anchoredAt: now.toISOString(), prevAnchor });
  }

  try {
    await db.$transaction(async (tx) => {
      await tx.auditAnchor.create({ data: { seq: head.seq, hash: head.hash, objectKey, anchoredAt } });
      await appendAudit(tx, { action: "audit.anchored", actor, request: opts.request, target: { type: "AuditEntry", id: String(head.seq) }, data: { seq: String(head.seq), hash: head.hash, objectKey } });
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === "P2002") return { anchored: false, reason: "concurrent", seq: head.seq };
    throw err;
  }
  return { anchored: true, seq: head.seq, hash: head.hash, objectKey };
}
