import type { DocumentSide, VettingVerdict } from "../../generated/prisma/enums";
import { putBytes } from "../../storage";
import type { RawPart, VettedPart } from "../types";
import { guessSides } from "../vetting";
import { documentIdFor, documentKeys, storable } from "./ids";

/** A Document row as it will be inserted (the case id is decided in the transaction). */
export interface PreparedDocument {
  id: string;
  originalKey: string;
  normalizedKey: string | null;
  thumbnailKey: string | null;
  sha256: string;
  perceptualHash: string | null;
  sniffedType: string | null;
  declaredType: string | null;
  fileName: string | null;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  side: DocumentSide;
  verdict: VettingVerdict;
  verdictReason: string | null;
  /** Not a column: why a rejected part was refused, for the customer reply. */
  rejectCode: VettedPart["rejectCode"];
  /** Not a column: stored documents (on any case) showing the same photo (./reuse.ts). */
  similarTo: string[];
}

/** Rejections the customer can fix by sending something else; logos and signatures are not among them. */
export function isFixableRejection(d: Pick<PreparedDocument, "verdict" | "rejectCode">): boolean {
  return d.verdict === "REJECTED" && d.rejectCode !== "NOT_A_DOCUMENT";
}

/** Anything the sender meant as a document (every part except refused logos and signature images). */
export function isMeantAsDocument(d: Pick<PreparedDocument, "verdict" | "rejectCode">): boolean {
  return d.verdict !== "REJECTED" || d.rejectCode !== "NOT_A_DOCUMENT";
}

/**
 * Writes every part's bytes to S3 and returns the rows that will point at them. Originals go to
 * quarantine (never served); ACCEPTED images also get their normalised JPEG and thumbnail. Ids and
 * keys are derived from (email, part index), so a re-run overwrites the same objects rather than
 * leaving a second set. Runs before the transaction: rows never point at missing objects.
 */
export async function storeDocuments(inboundEmailId: string, parts: RawPart[], vetted: VettedPart[]): Promise<PreparedDocument[]> {
  if (parts.length !== vetted.length) throw new Error(`vetting returned ${vetted.length} verdicts for ${parts.length} parts`);

  // Sides are guessed among the parts an agent will look at, in message order.
  const viewable = vetted.flatMap((v, i) => (v.verdict === "REJECTED" ? [] : [i]));
  const guessed = guessSides(viewable.map((i) => ({ fileName: parts[i].fileName })));
  const sides = new Map(viewable.map((partIndex, k) => [partIndex, guessed[k] ?? "UNKNOWN"]));

  return Promise.all(
    parts.map(async (part, i): Promise<PreparedDocument> => {
      const v = vetted[i];
      const id = documentIdFor(inboundEmailId, i);
      const keys = documentKeys(id);
      const images = v.verdict === "ACCEPTED" && v.normalized && v.thumbnail ? { normalized: v.normalized, thumbnail: v.thumbnail } : null;
      await putBytes("inbound", keys.original, part.content, v.sniffedType ?? "application/octet-stream", { sha256: v.sha256 });
      if (images) {
        await putBytes("documents", keys.normalized, images.normalized, "image/jpeg");
        await putBytes("documents", keys.thumbnail, images.thumbnail, "image/jpeg");
      }
      return {
        id,
        originalKey: keys.original,
        normalizedKey: images ? keys.normalized : null,
        thumbnailKey: images ? keys.thumbnail : null,
        sha256: v.sha256,
        perceptualHash: v.perceptualHash,
        sniffedType: storable(v.sniffedType, 255),
        declaredType: storable(part.declaredType, 255),
        fileName: storable(part.fileName, 255),
        sizeBytes: v.sizeBytes,
        width: v.width,
        height: v.height,
        side: sides.get(i) ?? "UNKNOWN",
        verdict: v.verdict,
        verdictReason: storable(v.reason, 500),
        rejectCode: v.rejectCode,
        similarTo: [],
      };
    }),
  );
}
