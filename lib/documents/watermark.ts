import sharp from "sharp";
import { AppError } from "../errors";

// A semi-transparent, tiled, diagonal stamp with the viewer's staff id and the UTC time, so a
// photo or screenshot that leaks names the person who looked at it. White text with a dark edge
// stays legible on light and dark parts of an ID photo.

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** "2026-12-07 18:30 UTC" — minutes are enough to match a stamp with its audit entry. */
export function watermarkTime(now: Date): string {
  return `${now.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function overlay(width: number, height: number, lines: readonly string[]): Buffer {
  const fontSize = Math.max(9, Math.min(28, Math.round(Math.min(width, height * 1.6) / 42)));
  const longest = Math.max(...lines.map((l) => l.length));
  // Wide enough for the longest line in DejaVu Sans (≈0.6 em per character) plus a gap.
  const tileW = Math.ceil(longest * fontSize * 0.62 + fontSize * 3);
  const lineH = Math.round(fontSize * 1.3);
  const tileH = lineH * lines.length + fontSize * 7;
  const tspans = lines.map((l, i) => `<tspan x="${fontSize}" y="${fontSize * 2 + i * lineH}">${escapeXml(l)}</tspan>`).join("");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<defs><pattern id="w" patternUnits="userSpaceOnUse" width="${tileW}" height="${tileH}" patternTransform="rotate(-28)">` +
    `<text font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="${fontSize}" ` +
    `fill="#ffffff" fill-opacity="0.4" stroke="#0f172a" stroke-opacity="0.25" stroke-width="${Math.max(0.5, fontSize / 24)}">${tspans}</text>` +
    `</pattern></defs><rect width="100%" height="100%" fill="url(#w)"/></svg>`;
  return Buffer.from(svg);
}

let canDrawText: Promise<boolean> | undefined;

/** Whether this server can render SVG text at all (no fonts installed → an invisible watermark). */
function textRenders(): Promise<boolean> {
  canDrawText ??= sharp(overlay(200, 120, ["watermark check"]))
    .stats()
    .then((s) => (s.channels[3]?.max ?? 0) > 0)
    .catch(() => false);
  return canDrawText;
}

/**
 * Returns the JPEG with the stamp composited on top. Refuses (503) rather than serve an image
 * without the stamp when the server cannot draw text: a silent no-op would defeat the setting.
 */
export async function watermarkJpeg(bytes: Buffer, lines: readonly string[]): Promise<Buffer> {
  if (!(await textRenders())) {
    throw new AppError("UNAVAILABLE", "ID images are set to be watermarked, but this server cannot draw the watermark (no fonts installed). Ask an administrator.");
  }
  const { width, height } = await sharp(bytes).metadata();
  if (!width || !height) throw new AppError("UNPROCESSABLE", "The stored image cannot be read.");
  return sharp(bytes)
    .composite([{ input: overlay(width, height, lines), top: 0, left: 0 }])
    .jpeg({ quality: 88 })
    .toBuffer();
}
