import { z } from "zod";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { requireStaff } from "../auth/require-staff";
import { db } from "../db";
import { AppError, isAppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../http/parse-input";
import { getBytes } from "../storage";
import { logger } from "../log";
import type { DocumentPolicy } from "./policy";
import { watermarkJpeg, watermarkTime } from "./watermark";

export const ZViewDocumentImageInput = z.strictObject({
  documentId: z.string().max(64),
  variant: z.enum(["image", "thumbnail"], "Choose variant image or thumbnail.").default("image"),
  download: z.boolean().default(false),
});
/** As callers send it; validated against ZViewDocumentImageInput after the permission check. */
export interface TViewDocumentImageInput {
  documentId: string;
  variant?: string;
  download?: boolean;
}

export interface DocumentImage {
  bytes: Buffer;
  contentType: "image/jpeg";
  /** A neutral name (ids only) for Content-Disposition. */
  fileName: string;
  /** True only when the caller asked for an attachment and downloads are allowed. */
  download: boolean;
  watermarked: boolean;
}

/** Why an image cannot be shown; the UI shows the message, clients branch on `details.reason`. */
function notViewable(reason: "purged" | "not_accepted" | "no_thumbnail", message: string): AppError {
  return new AppError("UNPROCESSABLE", message, { reason });
}

const VERDICT_TEXT: Record<string, string> = {
  PENDING: "is still being vetted",
  PREVIEW_UNAVAILABLE: "has no preview (a format the vetting could not convert safely)",
  REJECTED: "was refused by vetting",
};

/**
 * One ID photo (normalised JPEG or thumbnail) for a staff member holding `document.view`. Only
 * images intake accepted and re-encoded are served — never the original bytes. Each served image
 * is audited as `document.viewed` before its bytes are handed back; with `policy.watermark` it
 * carries the viewer's staff id and the time. Download (an attachment) needs the caller to ask
 * and `policy.downloadEnabled`; otherwise it is refused (and the refusal audited).
 */
export async function viewDocumentImage(
  actor: Actor,
  input: TViewDocumentImageInput,
  opts: { request?: RequestContext; policy: DocumentPolicy; now?: Date },
): Promise<DocumentImage> {
  const request = opts.request;
  // Role first, so a caller without document.view learns nothing about which documents exist.
  const { actor: staff } = await requireStaff(actor, "document.view", { request });
  const { documentId: rawId, variant, download } = parseInput(ZViewDocumentImageInput, input);
  const documentId = z.uuid().safeParse(rawId).success ? rawId.toLowerCase() : null;
  if (!documentId) throw new AppError("NOT_FOUND", "No document with this id.");

  if (download && !opts.policy.downloadEnabled) {
    await db.$transaction((tx) =>
      appendAudit(tx, {
        action: "auth.denied",
        actor: staff,
        outcome: "DENIED",
        target: { type: "Document", id: documentId },
        request,
        data: { permission: "document.view", reason: "downloading ID images is turned off", resourceType: "Document", resourceId: documentId },
      }),
    );
    throw new AppError("FORBIDDEN", "Downloading ID images is turned off. View the image in the console instead.", { reason: "download_disabled" });
  }

  const doc = await db.document.findUnique({
    where: { id: documentId },
    select: { caseId: true, verdict: true, normalizedKey: true, thumbnailKey: true, purgedAt: true, case: { select: { accountId: true } } },
  });
  if (!doc) throw new AppError("NOT_FOUND", "No document with this id.");
  if (doc.purgedAt) throw notViewable("purged", `This document's images were deleted on ${doc.purgedAt.toISOString().slice(0, 10)} under the retention policy.`);
  if (doc.verdict !== "ACCEPTED" || !doc.normalizedKey) {
    throw notViewable("not_accepted", `This attachment ${VERDICT_TEXT[doc.verdict] ?? "cannot be shown"}, so there is no image to show.`);
  }
  const key = variant === "thumbnail" ? doc.thumbnailKey : doc.normalizedKey;
  if (!key) throw notViewable("no_thumbnail", "This document has no thumbnail; open the full image instead.");

  let bytes: Buffer;
  try {
    bytes = await getBytes("documents", key);
  } catch (err) {
    if (!isAppError(err) || err.code !== "NOT_FOUND") throw err;
    // The row says the image exists: a missing object is our fault, not the caller's.
    logger.error({ requestId: request?.requestId, documentId, variant }, "document image missing from storage");
    throw new AppError("UNAVAILABLE", "The image file is missing from storage. Quote the request id when you report it.");
  }

  const now = opts.now ?? new Date();
  const staffId = staff.type === "STAFF" ? staff.id : staff.staffId;
  const watermarked = opts.policy.watermark;
  if (watermarked) bytes = await watermarkJpeg(bytes, [`Gatehouse · staff ${staffId}`, `viewed ${watermarkTime(now)}`]);

  // Audited before a single byte leaves: no record, no image.
  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: "document.viewed",
      actor: staff,
      target: { type: "Document", id: documentId },
      caseId: doc.caseId ?? undefined,
      accountId: doc.case?.accountId,
      request,
      data: { documentId, caseId: doc.caseId, variant, watermarked, download },
    }),
  );
  const suffix = variant === "thumbnail" ? "-thumbnail" : "";
  return { bytes, contentType: "image/jpeg", fileName: `document-${documentId}${suffix}.jpg`, download, watermarked };
}
