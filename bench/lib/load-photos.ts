// Small ID photos for the load scenario: a card filling most of a 1200×760 frame (what a phone's
// document-scan mode or a cropped photo sends), with light sensor noise, ~150 KB as JPEG. Every seed
// lays the card out differently, so no two look like the same photo to reuse detection (which would
// flag REUSED_PHOTO and send every approval to a second supervisor). Cached on disk across runs;
// generating one costs ~15 ms.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { mulberry32 } from "./prng";

export const SMALL_PHOTO = { width: 1200, height: 760, quality: 88, noise: 10 } as const;

export const smallPhotoDir = path.join(os.tmpdir(), "gatehouse-bench-photos", `load-v1-${SMALL_PHOTO.width}x${SMALL_PHOTO.height}-q${SMALL_PHOTO.quality}-n${SMALL_PHOTO.noise}`);

export const smallPhotoFile = (seed: number) => path.join(smallPhotoDir, `photo-${seed}.jpg`);

const rng = mulberry32;

function pixels(seed: number): Buffer {
  const { width: W, height: H, noise } = SMALL_PHOTO;
  const rand = rng(seed);
  const px = Buffer.allocUnsafe(W * H * 3);
  const [x0, x1] = [W * (0.02 + 0.06 * rand()), W * (0.92 + 0.06 * rand())];
  const [y0, y1] = [H * (0.02 + 0.06 * rand()), H * (0.92 + 0.06 * rand())];
  // A portrait box at a random place on the left, text lines of random lengths on the right.
  const [px0, py0] = [x0 + (x1 - x0) * (0.04 + 0.08 * rand()), y0 + (y1 - y0) * (0.15 + 0.2 * rand())];
  const [px1, py1] = [px0 + (x1 - x0) * (0.22 + 0.08 * rand()), py0 + (y1 - y0) * (0.4 + 0.15 * rand())];
  const lineHeight = 18 + Math.floor(rand() * 16);
  const lineEnds = Array.from({ length: Math.ceil(H / lineHeight) }, () => 0.55 + 0.4 * rand());
  const tint = Math.floor(rand() * 60);
  let s = Math.imul(seed, 2654435761) >>> 0 || 1;
  for (let y = 0; y < H; y++) {
    const row = Math.floor(y / lineHeight);
    const textRow = row % 2 === 0 && y % lineHeight > lineHeight / 3;
    const lineEnd = x0 + (x1 - x0) * lineEnds[row];
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const inCard = x > x0 && x < x1 && y > y0 && y < y1;
      const portrait = inCard && x > px0 && x < px1 && y > py0 && y < py1;
      const text = inCard && !portrait && textRow && x > px1 + 30 && x < lineEnd && ((x >> 3) + row) % 7 !== 0;
      const base = portrait ? 120 + 60 * Math.sin((x + y + seed) / 40) : text ? 45 : inCard ? 215 + (tint >> 2) : 90 + tint;
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const r = base + (((s & 255) - 128) * noise) / 128;
      const g = base + ((((s >>> 8) & 255) - 128) * noise) / 128 - (inCard ? 6 : 0);
      const b = base + ((((s >>> 16) & 255) - 128) * noise) / 128 + (inCard ? 4 : 20);
      px[i] = r < 0 ? 0 : r > 255 ? 255 : r;
      px[i + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
      px[i + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
    }
  }
  return px;
}

async function encode(seed: number, px: Buffer): Promise<void> {
  const jpeg = await sharp(px, { raw: { width: SMALL_PHOTO.width, height: SMALL_PHOTO.height, channels: 3 } }).jpeg({ quality: SMALL_PHOTO.quality }).toBuffer();
  const tmp = `${smallPhotoFile(seed)}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, jpeg);
  fs.renameSync(tmp, smallPhotoFile(seed));
}

/** Makes sure seeds 1..count exist on disk; returns how many were generated now. */
export async function ensureSmallPhotos(count: number, log: (m: string) => void): Promise<number> {
  fs.mkdirSync(smallPhotoDir, { recursive: true });
  const missing: number[] = [];
  for (let seed = 1; seed <= count; seed++) if (!fs.existsSync(smallPhotoFile(seed))) missing.push(seed);
  if (missing.length) log(`generating ${missing.length} photo(s) of ${SMALL_PHOTO.width}×${SMALL_PHOTO.height} (cached in ${smallPhotoDir})`);
  // Draw the next photo while libvips encodes the previous ones (up to 2 in flight).
  const inFlight = new Set<Promise<void>>();
  for (const [k, seed] of missing.entries()) {
    const px = pixels(seed);
    if (inFlight.size >= 2) await Promise.race(inFlight);
    const p: Promise<void> = encode(seed, px).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if ((k + 1) % 1000 === 0) log(`  ${k + 1} of ${missing.length}`);
  }
  await Promise.all(inFlight);
  return missing.length;
}
