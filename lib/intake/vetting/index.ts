import { createHash } from "node:crypto";
import { config } from "../../config";
import type { RawPart, VettedPart } from "../types";
import { canDecodeHevc, isPixelLimitError, normalizeImage, readHeader } from "./image";
import { sniff, type PartKind } from "./sniff";

export { guessSides, type Side } from "./sides";
export { canDecodeHevc, dHash } from "./image";

export interface VettingLimits {
  maxBytes?: number;
  maxAttachments?: number;
  maxPixels?: number;
}

type RejectCode = NonNullable<VettedPart["rejectCode"]>;

export const PREVIEW_UNAVAILABLE_REASON = "preview unavailable: ask the customer for a JPEG";

/** Inline images below these are signature logos and tracking pixels, not ID photos. */
const INLINE_MIN_SIDE = 120;
const INLINE_MIN_BYTES = 2 * 1024;

function reasonFor(code: RejectCode, limits: Required<VettingLimits>): string {
  switch (code) {
    case "TOO_LARGE":
      return `larger than ${Math.round(limits.maxBytes / (1024 * 1024))} MB: send a smaller photo`;
    case "TOO_MANY":
      return `more than ${limits.maxAttachments} attachments in one email: send at most ${limits.maxAttachments}`;
    case "UNSUPPORTED_TYPE":
      return "not a supported file type: send a JPEG, PNG, WebP or HEIC photo, or a PDF scan";
    case "ARCHIVE_OR_OFFICE":
      return "archives and office documents are not accepted: attach the photos themselves";
    case "PIXEL_BOMB":
      return "image dimensions too large to process safely";
    case "CORRUPT":
      return "damaged, or not the image it claims to be";
    case "NOT_A_DOCUMENT":
      return "a small inline image (logo or tracking pixel), not a document photo";
  }
}

/** libvips' name for each format we accept: the decoder must agree with the magic bytes. */
const VIPS_FORMAT: Record<PartKind, string | null> = { jpeg: "jpeg", png: "png", webp: "webp", heif: "heif", pdf: null, archive: null, other: null };

/**
 * Vets every part, one at a time (decoding is the memory peak), returning verdicts in input order.
 * Counting toward the per-email limit: parts that would be kept (ACCEPTED or PREVIEW_UNAVAILABLE),
 * so a signature logo never pushes an ID photo out.
 */
export async function vetParts(parts: RawPart[], opts: VettingLimits = {}): Promise<VettedPart[]> {
  const limits: Required<VettingLimits> = {
    maxBytes: opts.maxBytes ?? config.INTAKE_MAX_ATTACHMENT_BYTES,
    maxAttachments: opts.maxAttachments ?? config.INTAKE_MAX_ATTACHMENTS,
    maxPixels: opts.maxPixels ?? config.INTAKE_MAX_PIXELS,
  };
  const out: VettedPart[] = [];
  let kept = 0;
  for (const part of parts) {
    const v = await vetOne(part, limits, () => kept < limits.maxAttachments);
    if (v.verdict !== "REJECTED") kept++;
    out.push(v);
  }
  return out;
}

async function vetOne(part: RawPart, limits: Required<VettingLimits>, hasRoom: () => boolean): Promise<VettedPart> {
  const content = part.content;
  const { mime, kind } = await sniff(content);
  const base: VettedPart = {
    verdict: "REJECTED",
    reason: null,
    rejectCode: null,
    sniffedType: mime,
    sha256: createHash("sha256").update(content).digest("hex"),
    sizeBytes: content.length,
    normalized: null,
    thumbnail: null,
    width: null,
    height: null,
    perceptualHash: null,
  };
  const reject = (code: RejectCode, dims?: { width: number; height: number }): VettedPart => ({
    ...base,
    ...dims,
    verdict: "REJECTED",
    rejectCode: code,
    reason: reasonFor(code, limits),
  });
  const preview = (dims?: { width: number; height: number }): VettedPart => ({
    ...base,
    ...dims,
    verdict: "PREVIEW_UNAVAILABLE",
    reason: PREVIEW_UNAVAILABLE_REASON,
  });

  // Signature logos and tracking pixels come in every format (GIF above all): refused as what they
  // are, so they never trigger an "unsupported attachment" reply to the customer.
  const inline = part.disposition === "inline";
  const tiny = (d: { width: number; height: number }) => d.width < INLINE_MIN_SIDE && d.height < INLINE_MIN_SIDE;
  if (inline && content.length < INLINE_MIN_BYTES) return reject("NOT_A_DOCUMENT");

  if (kind === "archive") return reject("ARCHIVE_OR_OFFICE");
  if (content.length > limits.maxBytes) return reject(kind === "other" ? "UNSUPPORTED_TYPE" : "TOO_LARGE");
  if (kind === "other") {
    if (inline && mime?.startsWith("image/")) {
      const h = await readHeader(content, limits.maxPixels);
      if (h.ok && tiny(h)) return reject("NOT_A_DOCUMENT", { width: h.width, height: h.height });
    }
    return reject("UNSUPPORTED_TYPE");
  }

  if (kind === "pdf") {
    // No PDF renderer here (and none wanted near hostile input): kept, shown as a file.
    return hasRoom() ? preview() : reject("TOO_MANY");
  }

  const header = await readHeader(content, limits.maxPixels);
  if (!header.ok) return reject(header.code);
  if (header.format !== VIPS_FORMAT[kind]) return reject("CORRUPT");
  const dims = { width: header.width, height: header.height };

  if (inline && tiny(dims)) return reject("NOT_A_DOCUMENT", dims);
  if (!hasRoom()) return reject("TOO_MANY", dims);

  if (kind === "heif" && header.compression !== "av1" && !canDecodeHevc) return preview(dims);

  try {
    const n = await normalizeImage(content, limits.maxPixels);
    // width/height stay the original's (upright): what the customer sent, not our rendition.
    return { ...base, ...dims, verdict: "ACCEPTED", ...n };
  } catch (err) {
    return reject(isPixelLimitError(err) ? "PIXEL_BOMB" : "CORRUPT", dims);
  }
}
