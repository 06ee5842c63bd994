import { createHash } from "node:crypto";
import sharp from "sharp";
import { td1 } from "./mrz";

// Fictional ID cards drawn in code: front and back of a "Utopia" national identity card (Utopia and
// its code UTO are ICAO's own specimen state), SVG rendered to JPEG by sharp. Each card carries a
// large SPECIMEN watermark and a drawn face; nothing is loaded from disk or the network. The same
// card data always gives the same bytes.

export const CARD_WIDTH = 1000;
export const CARD_HEIGHT = 630;
export const ISSUER = "UTO";
export const ID_DOC_TYPE = "ID_CARD";

export interface SpecimenCard {
  surname: string;
  givenNames: string;
  sex: "F" | "M" | "X";
  /** ISO dates, YYYY-MM-DD. */
  birthDate: string;
  issueDate: string;
  expiryDate: string;
  /** Nine characters, A–Z and 0–9. */
  documentNumber: string;
  placeOfBirth: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const shown = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** Bytes of a hash of the card, so looks vary per card without any random source. */
function traits(card: SpecimenCard): Buffer {
  return createHash("sha256").update(`${card.documentNumber}|${card.surname}|${card.givenNames}`).digest();
}

function pickFrom<T>(items: readonly T[], byte: number): T {
  return items[byte % items.length];
}

const SKIN = ["#f1c9a5", "#e0ac69", "#c68642", "#8d5524", "#ffdbac", "#d4a373"];
const HAIR = ["#2b1b0e", "#4a2f1a", "#8b5a2b", "#d6b370", "#1c1c1c", "#6e6e6e", "#a0522d"];
const SHIRT = ["#34568b", "#6b5b95", "#88b04b", "#955251", "#009b77", "#5b5ea6", "#45474b"];
const TINT = [["#dcefed", "#e9e3f5"], ["#e6eef8", "#f3e7dc"], ["#e8f3e1", "#dfe9f3"], ["#f4e9e1", "#e3eef0"]] as const;

function background(t: Buffer): string {
  const [from, to] = pickFrom(TINT, t[0]);
  const waves: string[] = [];
  for (let k = 0; k < 14; k++) {
    const amp = 10 + ((t[(k + 3) % 32] % 24) as number);
    const period = 90 + (t[(k + 7) % 32] % 80);
    const y0 = 40 + k * 42;
    const pts: string[] = [];
    for (let x = 0; x <= CARD_WIDTH; x += 10) pts.push(`${x},${(y0 + amp * Math.sin((x / period) * Math.PI * 2 + k)).toFixed(1)}`);
    waves.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="#7fa9b3" stroke-opacity="0.28" stroke-width="1.2"/>`);
  }
  return `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient>
<clipPath id="card"><rect x="6" y="6" width="${CARD_WIDTH - 12}" height="${CARD_HEIGHT - 12}" rx="40"/></clipPath></defs>
<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="#5d6670"/>
<g clip-path="url(#card)"><rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="url(#bg)"/>${waves.join("")}
<rect x="0" y="0" width="${CARD_WIDTH}" height="112" fill="#1f5f7a"/></g>
<rect x="6" y="6" width="${CARD_WIDTH - 12}" height="${CARD_HEIGHT - 12}" rx="40" fill="none" stroke="#3d6f80" stroke-width="3"/>`;
}

function header(subtitle: string): string {
  const star = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? 34 : 14;
    const a = (Math.PI / 5) * i - Math.PI / 2;
    return `${(900 + r * Math.cos(a)).toFixed(1)},${(58 + r * Math.sin(a)).toFixed(1)}`;
  }).join(" ");
  return `<text x="52" y="58" font-family="sans-serif" font-size="42" font-weight="bold" fill="#ffffff" letter-spacing="6">UTOPIA</text>
<text x="52" y="94" font-family="sans-serif" font-size="22" fill="#d9eef4" letter-spacing="2">${esc(subtitle)}</text>
<circle cx="900" cy="58" r="44" fill="none" stroke="#f2d27a" stroke-width="3"/><polygon points="${star}" fill="#f2d27a"/>`;
}

function face(t: Buffer, x: number, y: number, w: number, h: number, opacity = 1): string {
  const skin = pickFrom(SKIN, t[1]);
  const hair = pickFrom(HAIR, t[2]);
  const shirt = pickFrom(SHIRT, t[3]);
  const cx = x + w / 2;
  const headY = y + h * 0.4;
  const rx = w * 0.25;
  const ry = h * 0.23;
  const style = t[4] % 3;
  const hairShape =
    style === 0
      ? `<path d="M${cx - rx - 6},${headY} Q${cx - rx},${headY - ry * 1.5} ${cx},${headY - ry - 12} Q${cx + rx},${headY - ry * 1.5} ${cx + rx + 6},${headY} L${cx + rx},${headY - ry * 0.4} Q${cx},${headY - ry * 0.9} ${cx - rx},${headY - ry * 0.4} Z" fill="${hair}"/>`
      : style === 1
        ? `<path d="M${cx - rx - 14},${headY + ry * 1.3} Q${cx - rx - 22},${headY - ry * 1.6} ${cx},${headY - ry - 16} Q${cx + rx + 22},${headY - ry * 1.6} ${cx + rx + 14},${headY + ry * 1.3} L${cx + rx},${headY + ry * 0.2} Q${cx + rx},${headY - ry * 0.7} ${cx},${headY - ry * 0.75} Q${cx - rx},${headY - ry * 0.7} ${cx - rx},${headY + ry * 0.2} Z" fill="${hair}"/>`
        : `<path d="M${cx - rx + 4},${headY - ry * 0.6} Q${cx},${headY - ry - 8} ${cx + rx - 4},${headY - ry * 0.6}" fill="none" stroke="${hair}" stroke-width="7"/>`;
  return `<g opacity="${opacity}"><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="#cfd8dc"/>
<path d="M${x + w * 0.08},${y + h} Q${x + w * 0.1},${y + h * 0.72} ${cx},${y + h * 0.7} Q${x + w * 0.9},${y + h * 0.72} ${x + w * 0.92},${y + h} Z" fill="${shirt}"/>
<rect x="${cx - w * 0.07}" y="${headY + ry * 0.8}" width="${w * 0.14}" height="${h * 0.12}" fill="${skin}"/>
<ellipse cx="${cx}" cy="${headY}" rx="${rx}" ry="${ry}" fill="${skin}"/>${hairShape}
<circle cx="${cx - rx * 0.38}" cy="${headY - ry * 0.05}" r="${w * 0.022}" fill="#2f2f2f"/><circle cx="${cx + rx * 0.38}" cy="${headY - ry * 0.05}" r="${w * 0.022}" fill="#2f2f2f"/>
<path d="M${cx - rx * 0.35},${headY + ry * 0.45} Q${cx},${headY + ry * 0.62} ${cx + rx * 0.35},${headY + ry * 0.45}" fill="none" stroke="#7a3b2e" stroke-width="3"/></g>`;
}

/** Font size that keeps `text` within `width` px (`em`: average advance per character, in em). */
function fit(text: string, width: number, max: number, em: number): number {
  return Math.max(14, Math.min(max, Math.floor(width / (Math.max(text.length, 1) * em))));
}

function field(x: number, y: number, label: string, value: string, max = 30, width = 600): string {
  // DejaVu Sans Bold: ≈0.78 em per capital, ≈0.6 em per mixed-case character.
  const size = fit(value, width, max, value === value.toUpperCase() ? 0.78 : 0.6);
  return `<text x="${x}" y="${y}" font-family="sans-serif" font-size="15" fill="#4d6470" letter-spacing="1">${esc(label.toUpperCase())}</text>
<text x="${x}" y="${y + size + 4}" font-family="sans-serif" font-size="${size}" font-weight="bold" fill="#14232b">${esc(value)}</text>`;
}

const WATERMARK = `<text x="500" y="372" transform="rotate(-24 500 318)" text-anchor="middle" font-family="sans-serif" font-size="156" font-weight="bold" letter-spacing="10" fill="#d0021b" fill-opacity="0.30" stroke="#ffffff" stroke-opacity="0.5" stroke-width="2">SPECIMEN</text>
<text x="500" y="604" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#8a1c1c">SPECIMEN · FICTIONAL DOCUMENT FOR SOFTWARE TESTING · NOT VALID FOR ANY PURPOSE</text>`;

export function frontSvg(card: SpecimenCard): string {
  const t = traits(card);
  const name = `${card.givenNames} ${card.surname}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">
${background(t)}${header("NATIONAL IDENTITY CARD · SPECIMEN")}
${face(t, 48, 140, 250, 320)}
${face(t, 836, 440, 110, 136, 0.3)}
${field(340, 150, "Surname", card.surname.toUpperCase(), 34, 620)}
${field(340, 230, "Given names", card.givenNames, 30, 620)}
${field(340, 306, "Sex", card.sex, 26)}${field(430, 306, "Nationality", ISSUER, 26)}${field(600, 306, "Date of birth", shown(card.birthDate), 26)}
${field(340, 378, "Document no.", card.documentNumber, 30)}${field(600, 378, "Date of expiry", shown(card.expiryDate), 26)}
<text x="48" y="500" font-family="sans-serif" font-size="14" fill="#4d6470" letter-spacing="1">SIGNATURE</text>
<text x="52" y="548" font-family="serif" font-style="italic" font-size="${fit(name, 740, 34, 0.5)}" fill="#1b2f6b">${esc(name)}</text>
${WATERMARK}</svg>`;
}

export function backSvg(card: SpecimenCard): string {
  const t = traits(card);
  const mrz = td1({ issuer: ISSUER, nationality: ISSUER, ...card });
  const bars = Array.from({ length: 60 }, (_, i) => {
    const w = 1 + (t[i % 32] >> (i % 3)) % 4;
    return `<rect x="${640 + i * 5}" y="150" width="${w}" height="120" fill="#1d2a30"/>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">
${background(t)}${header("IDENTITY CARD · REVERSE · SPECIMEN")}
${field(52, 150, "Place of birth", card.placeOfBirth, 28, 560)}
${field(52, 226, "Date of issue", shown(card.issueDate), 26)}
${field(300, 226, "Authority", "Civil Registry of Utopia", 24, 350)}
${field(52, 300, "Card access no.", card.documentNumber.slice(3, 9), 24)}
<rect x="300" y="292" width="96" height="72" rx="10" fill="#e3c16f" stroke="#9b7d2f" stroke-width="2"/>
<path d="M300,328 H396 M348,292 V364 M324,292 V316 M372,340 V364" stroke="#9b7d2f" stroke-width="2"/>${bars}
<rect x="28" y="400" width="944" height="176" rx="8" fill="#fbfbf7" fill-opacity="0.92"/>
${mrz.map((line, i) => `<text x="52" y="${452 + i * 52}" font-family="monospace" font-size="44" letter-spacing="3.3" fill="#111111">${esc(line)}</text>`).join("\n")}
${WATERMARK}</svg>`;
}

export interface SpecimenImages {
  front: Buffer;
  back: Buffer;
}

export async function renderSvgJpeg(svg: string, quality = 86): Promise<Buffer> {
  return sharp(Buffer.from(svg)).jpeg({ quality, chromaSubsampling: "4:2:0" }).toBuffer();
}

/** Front and back of a specimen card as JPEG, ≈1000×630 px. */
export async function renderSpecimen(card: SpecimenCard): Promise<SpecimenImages> {
  const [front, back] = await Promise.all([renderSvgJpeg(frontSvg(card)), renderSvgJpeg(backSvg(card))]);
  return { front, back };
}
