import sharp, { type Metadata, type SharpOptions } from "sharp";

// Everything that touches pixels. Each call passes its own limits: the pixel cap on every input,
// "truncated" (a cut-off upload is damaged; a harmless decoder warning is not), and a timeout.

export const NORMALIZED_MAX_SIDE = 2400;
export const THUMBNAIL_MAX_SIDE = 320;
const TIMEOUT = { seconds: 30 };

/**
 * The prebuilt libvips decodes HEIF only through codecs it ships: AV1 (AVIF) yes, HEVC (iPhone
 * HEIC) not, for patent reasons. libvips lists ".heic" among its suffixes exactly when it can.
 */
export const canDecodeHevc: boolean = sharp.format.heif?.input.fileSuffix?.includes(".heic") ?? false;

const input = (maxPixels: number): SharpOptions => ({ limitInputPixels: maxPixels, failOn: "truncated" });

export type Header =
  | { ok: true; format: string; compression: string | null; width: number; height: number }
  | { ok: false; code: "PIXEL_BOMB" | "CORRUPT" };

const isPixelLimitError = (err: unknown) => err instanceof Error && /pixel limit/i.test(err.message);

/** Dimensions from the header alone: no pixel is decoded here, so a pixel bomb costs nothing. */
export async function readHeader(content: Buffer, maxPixels: number): Promise<Header> {
  let meta: Metadata;
  try {
    meta = await sharp(content, input(maxPixels)).metadata();
  } catch (err) {
    return { ok: false, code: isPixelLimitError(err) ? "PIXEL_BOMB" : "CORRUPT" };
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width <= 0 || height <= 0) return { ok: false, code: "CORRUPT" };
  // libvips enforces the cap itself; checked again so a format that reports late cannot slip past.
  if (width * height > maxPixels) return { ok: false, code: "PIXEL_BOMB" };
  // EXIF orientations 5–8 are stored rotated a quarter turn.
  const turned = (meta.orientation ?? 1) >= 5;
  return {
    ok: true,
    format: meta.format ?? "unknown",
    compression: meta.compression ?? null,
    width: turned ? height : width,
    height: turned ? width : height,
  };
}

export interface Normalized {
  normalized: Buffer;
  thumbnail: Buffer;
  perceptualHash: string;
}

/**
 * The only form of an image an agent ever sees: upright (EXIF orientation applied first), sRGB,
 * at most 2400 px on the long side, JPEG q85, and no metadata at all (sharp writes none unless
 * asked: EXIF with GPS, ICC, XMP and comments are gone). Throws when the image does not decode.
 */
export async function normalizeImage(content: Buffer, maxPixels: number): Promise<Normalized> {
  const normalized = await sharp(content, input(maxPixels))
    .rotate()
    .resize({ width: NORMALIZED_MAX_SIDE, height: NORMALIZED_MAX_SIDE, fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .jpeg({ quality: 85, chromaSubsampling: "4:2:0" })
    .timeout(TIMEOUT)
    .toBuffer();

  const thumbnail = await sharp(normalized, input(maxPixels))
    .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 75 })
    .timeout(TIMEOUT)
    .toBuffer();

  // The hash comes from the thumbnail: 9×8 of 320 px is the same average as 9×8 of 2400 px, and
  // decoding the thumbnail costs ~1 ms where the normalised JPEG costs ~10–20.
  return { normalized, thumbnail, perceptualHash: await dHash(thumbnail, maxPixels) };
}

/**
 * 64-bit difference hash: 9×8 greyscale, one bit per horizontal neighbour pair (left brighter
 * than right), row-major, most significant bit first, as 16 hex digits. Survives re-encoding and
 * resizing; Hamming distance ≤ ~10 means "same photo".
 */
export async function dHash(image: Buffer, maxPixels: number): Promise<string> {
  const { data, info } = await sharp(image, input(maxPixels))
    .greyscale()
    .resize(9, 8, { fit: "fill" })
    .raw()
    .timeout(TIMEOUT)
    .toBuffer({ resolveWithObject: true });
  const ch = info.channels;
  let hex = "";
  for (let y = 0; y < 8; y++) {
    let byte = 0;
    for (let x = 0; x < 8; x++) {
      const left = data[(y * 9 + x) * ch];
      const right = data[(y * 9 + x + 1) * ch];
      byte = (byte << 1) | (left > right ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, "0");
  }
  return hex;
}

export { isPixelLimitError };
