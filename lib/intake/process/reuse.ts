import sharp from "sharp";
import { db } from "../../db";
import { getBytes } from "../../storage";

// Reused-photo candidates, found before the transaction (it reads thumbnails from S3); which
// account they belong to is decided in the transaction (./risk.ts).
//
// Vetting's 64-bit dHash sees layout, and every ID card of one type shares its layout: on the
// seed's specimen cards, two different people's cards are 0–7 bits apart, while one photo resized
// and re-compressed moves 3–8 bits. Equality or a Hamming threshold on it alone would flag every
// pair of same-type cards (the tests hit exact collisions between different cards). So:
//  1. Candidates: stored documents on a case whose dHash is within CANDIDATE_RADIUS bits of ours,
//     found through the perceptualHash index by enumerating the 2,081 hashes that close (one
//     `= ANY` probe each; no scan). Cheap, but it misses copies whose hash moved further (most
//     resized copies): only exact bytes (SHA-256, ./risk.ts), format conversions and light
//     re-compression are caught. Catching more needs a content hash that is not layout-bound
//     (or multi-index hashing over an indexed better hash): a vetting and schema change.
//  2. Verification: both thumbnails at 160×~100 greyscale, compared in 10×10 blocks; the worst
//     block's mean difference must stay under SAME_PHOTO_MAX_BLOCK_DIFF. A copy stays ≤ ~2.5
//     (of 255); a different card differs ≥ ~17 where its name and numbers are. Aspect ratios must
//     agree: crops and rotations are not matched.

export const CANDIDATE_RADIUS = 2;
export const SAME_PHOTO_MAX_BLOCK_DIFF = 8;
const MAX_CANDIDATES = 25;
const FP_WIDTH = 160;
const BLOCK = 10;

/** Every 16-hex-digit hash within `radius` bits of `hex` (itself included). */
export function hammingNeighbours(hex: string, radius = CANDIDATE_RADIUS): string[] {
  const out = [hex];
  const flip = (v: bigint, from: number, left: number) => {
    for (let i = from; i < 64; i++) {
      const next = v ^ (1n << BigInt(i));
      out.push(next.toString(16).padStart(16, "0"));
      if (left > 1) flip(next, i + 1, left - 1);
    }
  };
  if (radius > 0) flip(BigInt(`0x${hex}`), 0, radius);
  return out;
}

export interface Fingerprint {
  aspect: number;
  height: number;
  pixels: Buffer;
}

/** A thumbnail reduced to FP_WIDTH × (its aspect) greyscale pixels, lightly blurred against JPEG noise. */
export async function fingerprint(thumbnail: Buffer): Promise<Fingerprint> {
  const meta = await sharp(thumbnail).metadata();
  const aspect = (meta.height ?? 1) / (meta.width ?? 1);
  const height = Math.max(BLOCK, Math.round(FP_WIDTH * aspect));
  const pixels = await sharp(thumbnail).greyscale().resize(FP_WIDTH, height, { fit: "fill" }).blur(0.8).raw().toBuffer();
  return { aspect, height, pixels };
}

/** The largest mean absolute difference of any BLOCK×BLOCK block; Infinity when shapes differ. */
export function worstBlockDifference(a: Fingerprint, b: Fingerprint): number {
  if (Math.abs(a.aspect - b.aspect) > 0.02 * a.aspect || a.height !== b.height) return Infinity;
  let worst = 0;
  for (let by = 0; by + BLOCK <= a.height; by += BLOCK) {
    for (let bx = 0; bx + BLOCK <= FP_WIDTH; bx += BLOCK) {
      let sum = 0;
      for (let y = by; y < by + BLOCK; y++) for (let x = bx; x < bx + BLOCK; x++) sum += Math.abs(a.pixels[y * FP_WIDTH + x] - b.pixels[y * FP_WIDTH + x]);
      worst = Math.max(worst, sum / (BLOCK * BLOCK));
    }
  }
  return worst;
}

interface Candidate {
  id: string;
  perceptualHash: string;
  thumbnailKey: string;
}

/**
 * For each of our accepted images, the stored documents (on any case) that show the same photo.
 * A candidate whose thumbnail cannot be read (purged, damaged) is no match.
 */
export async function similarStoredPhotos(docs: { id: string; perceptualHash: string | null; thumbnail: Buffer | null }[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  const ours: { id: string; near: Set<string>; thumbnail: Buffer }[] = [];
  for (const d of docs) {
    if (d.perceptualHash && d.thumbnail && /^[0-9a-f]{16}$/.test(d.perceptualHash)) ours.push({ id: d.id, near: new Set(hammingNeighbours(d.perceptualHash)), thumbnail: d.thumbnail });
  }
  if (ours.length === 0) return result;

  const hashes = [...new Set(ours.flatMap((d) => [...d.near]))];
  const candidates = await db.$queryRaw<Candidate[]>`
    SELECT id::text AS id, "perceptualHash", "thumbnailKey" FROM "Document"
    WHERE "perceptualHash" = ANY(${hashes}::text[]) AND "caseId" IS NOT NULL AND "thumbnailKey" IS NOT NULL
      AND "purgedAt" IS NULL AND NOT (id = ANY(${docs.map((d) => d.id)}::uuid[]))
    ORDER BY "createdAt" DESC LIMIT ${MAX_CANDIDATES}`;
  if (candidates.length === 0) return result;

  const mine = await Promise.all(ours.map(async (d) => ({ ...d, fp: await fingerprint(d.thumbnail) })));
  for (const c of candidates) {
    const theirs = await getBytes("documents", c.thumbnailKey)
      .then(fingerprint)
      .catch(() => null);
    if (!theirs) continue;
    for (const d of mine) {
      if (d.near.has(c.perceptualHash) && worstBlockDifference(d.fp, theirs) <= SAME_PHOTO_MAX_BLOCK_DIFF) result.set(d.id, [...(result.get(d.id) ?? []), c.id]);
    }
  }
  return result;
}
