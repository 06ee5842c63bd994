import { createHash } from "node:crypto";
import sharp from "sharp";
import type { Prisma } from "../../lib/db";
import { putBytes } from "../../lib/storage/objects";
import { buildRawMessage } from "./mime";
import { renderSpecimen } from "./specimen-id";
import type { PlannedAttachment, PlannedEmail } from "./world/emails";

// Turns planned emails into stored objects and the rows that point at them, the way intake leaves
// them: raw message and originals under quarantine/ in the inbound bucket, re-encoded JPEG and
// thumbnail in the documents bucket. Objects are written before any row refers to them.

export const THUMBNAIL_WIDTH = 240;

interface ImageSet {
  original: Buffer;
  normalized: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export class ImageFactory {
  private readonly cache = new Map<string, Promise<ImageSet>>();

  get(a: PlannedAttachment): Promise<ImageSet> {
    const key = JSON.stringify([a.card, a.side, a.blurred]);
    let set = this.cache.get(key);
    if (!set) {
      set = this.make(a);
      this.cache.set(key, set);
    }
    return set;
  }

  private async make(a: PlannedAttachment): Promise<ImageSet> {
    const { front, back } = await renderSpecimen(a.card);
    let photo = sharp(a.side === "BACK" ? back : front);
    if (a.blurred) photo = photo.blur(7);
    // What a phone sends: camera metadata included. The normalised copy drops it, as intake's does.
    const original = await photo.withExif({ IFD0: { Make: "Example", Model: "Phone camera", Software: "Gatehouse seed" } }).jpeg({ quality: 90 }).toBuffer();
    const normalized = await sharp(original).rotate().jpeg({ quality: 85 }).toBuffer();
    const thumbnail = await sharp(normalized).resize({ width: THUMBNAIL_WIDTH }).jpeg({ quality: 80 }).toBuffer();
    const meta = await sharp(normalized).metadata();
    return { original, normalized, thumbnail, width: meta.width ?? 0, height: meta.height ?? 0 };
  }
}

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface StoredEmails {
  inbound: Prisma.InboundEmailCreateManyInput[];
  documents: Prisma.DocumentCreateManyInput[];
  objects: number;
  bytes: number;
}

export async function storeEmails(emails: PlannedEmail[], images = new ImageFactory(), concurrency = 8): Promise<StoredEmails> {
  const result: StoredEmails = { inbound: [], documents: [], objects: 0, bytes: 0 };
  const put = async (...args: Parameters<typeof putBytes>) => {
    const stored = await putBytes(...args);
    result.objects++;
    result.bytes += stored.size;
    return stored;
  };

  await pool(emails, concurrency, async (email) => {
    const docs: Prisma.DocumentCreateManyInput[] = [];
    const attachments = [];
    for (const a of email.attachments) {
      const img = await images.get(a);
      const originalKey = `quarantine/originals/${a.docId}`;
      const normalizedKey = `normalized/${a.docId}.jpg`;
      const thumbnailKey = `thumbnails/${a.docId}.jpg`;
      await put("inbound", originalKey, img.original, "image/jpeg");
      await put("documents", normalizedKey, img.normalized, "image/jpeg");
      await put("documents", thumbnailKey, img.thumbnail, "image/jpeg");
      attachments.push({ fileName: a.fileName, contentType: "image/jpeg", bytes: img.original });
      docs.push({
        id: a.docId,
        inboundEmailId: email.row.id,
        caseId: email.caseId,
        originalKey,
        normalizedKey,
        thumbnailKey,
        sha256: sha256(img.original),
        sniffedType: "image/jpeg",
        declaredType: "image/jpeg",
        fileName: a.fileName,
        sizeBytes: img.original.byteLength,
        width: img.width,
        height: img.height,
        side: a.side,
        verdict: "ACCEPTED",
        createdAt: email.row.processedAt ?? email.row.receivedAt,
      });
    }
    const raw = buildRawMessage({
      from: { address: email.row.fromAddress, name: email.fromName },
      to: email.row.toAddress ?? "",
      subject: email.row.subject,
      date: email.row.receivedAt,
      messageId: email.row.messageId,
      inReplyTo: email.row.inReplyTo,
      references: Array.isArray(email.row.references) ? email.row.references : [],
      authResults: { spf: email.row.spf ?? "NONE", dkim: email.row.dkim ?? "NONE", dmarc: email.row.dmarc ?? "NONE" },
      text: email.body,
      attachments,
    });
    const stored = await put("inbound", email.row.rawKey, raw, "message/rfc822");
    result.inbound.push({ ...email.row, rawSha256: stored.sha256, rawSize: stored.size });
    result.documents.push(...docs);
  });

  // Pool completion order is not deterministic; rows are written in a stable order.
  result.inbound.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  result.documents.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return result;
}
