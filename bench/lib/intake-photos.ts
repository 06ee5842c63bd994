// Photo-like JPEGs for the intake benchmark: an ID card on a table at phone-camera size (4000×3000),
// lit from a direction and covered in per-channel sensor noise, so the file is about as large and
// as incompressible as a real 12 MP phone photo (~5 MB at quality 92). Every seed lays the card out
// differently, so two seeds never look like the same photo to reuse detection (SHA-256 or dHash).
// Generating one takes ~0.4 s, so they are cached on disk (os.tmpdir()) across runs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { mulberry32 } from "./prng";

export const PHOTO = { width: 4000, height: 3000, quality: 92, noise: 26 } as const;

export const photoCacheDir = path.join(os.tmpdir(), "gatehouse-bench-photos", `v1-${PHOTO.width}x${PHOTO.height}-q${PHOTO.quality}-n${PHOTO.noise}`);

const fileFor = (seed: number) => path.join(photoCacheDir, `photo-${seed}.jpg`);

const rng = mulberry32;

/** Raw RGB pixels of one photo. */
function pixels(seed: number): Buffer {
  const { width: W, height: H, noise } = PHOTO;
  const rand = rng(seed);
  const px = Buffer.allocUnsafe(W * H * 3);
  const x0 = W * (0.05 + 0.25 * rand());
  const x1 = W * (0.7 + 0.25 * rand());
  const y0 = H * (0.05 + 0.25 * rand());
  const y1 = H * (0.7 + 0.25 * rand());
  const hue = Math.floor(rand() * 200);
  const light = rand() * 2 * Math.PI;
  const [lx, ly] = [Math.cos(light), Math.sin(light)];
  const mid = (x0 + x1) / 2;
  const lineHeight = 30 + Math.floor(rand() * 30);
  let s = Math.imul(seed, 2654435761) >>> 0 || 1; // xorshift32 for the noise: fast, one draw per pixel
  for (let y = 0; y < H; y++) {
    const row = Math.floor(y / lineHeight);
    const textRow = row % 3 === 0;
    const lineEnd = W * (0.6 + (0.2 * ((row * 7919 + seed) % 10)) / 10);
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const inCard = x > x0 && x < x1 && y > y0 && y < y1;
      const text = inCard && textRow && x > mid && x < lineEnd;
      const base = text ? 40 : inCard ? 225 : 150 + 60 * ((lx * (x - W / 2)) / W + (ly * (y - H / 2)) / H);
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const r = base + (((s & 255) - 128) * noise) / 128 + (inCard ? 0 : hue / 4);
      const g = base + ((((s >>> 8) & 255) - 128) * noise) / 128 - (inCard ? 10 : 0);
      const b = base + ((((s >>> 16) & 255) - 128) * noise) / 128 + (inCard ? 5 : 40 - hue / 8);
      px[i] = r < 0 ? 0 : r > 255 ? 255 : r;
      px[i + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
      px[i + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
    }
  }
  return px;
}

async function encode(seed: number, px: Buffer): Promise<void> {
  const jpeg = await sharp(px, { raw: { width: PHOTO.width, height: PHOTO.height, channels: 3 } }).jpeg({ quality: PHOTO.quality }).toBuffer();
  const tmp = `${fileFor(seed)}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, jpeg);
  fs.renameSync(tmp, fileFor(seed));
}

/**
 * Makes sure a photo exists on disk for every seed (drawing the next one while libvips encodes the
 * previous); returns the file paths in seed order and how many were generated now.
 */
export async function ensurePhotos(seeds: number[], log: (m: string) => void): Promise<{ files: string[]; generated: number }> {
  fs.mkdirSync(photoCacheDir, { recursive: true });
  const missing = seeds.filter((s) => !fs.existsSync(fileFor(s)));
  if (missing.length) log(`generating ${missing.length} photo(s) of ${PHOTO.width}×${PHOTO.height} (cached in ${photoCacheDir})`);
  let pending: Promise<void> = Promise.resolve();
  for (const [k, seed] of missing.entries()) {
    const px = pixels(seed);
    await pending;
    pending = encode(seed, px);
    if ((k + 1) % 50 === 0) log(`  ${k + 1} of ${missing.length}`);
  }
  await pending;
  return { files: seeds.map(fileFor), generated: missing.length };
}
