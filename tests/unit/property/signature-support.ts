// Shared arbitraries and mutations for the signature property tests.
import fc from "fast-check";
import { AppError } from "@/lib/errors";

export const runs = { numRuns: 200, seed: 8 };

export const NOW_MS = 1_765_000_000_000;
export const NOW_S = NOW_MS / 1000;
export const TOLERANCE = 300;

/** The same bytes with one bit flipped. */
export function flipByteBit(bytes: Uint8Array, bit: number): Buffer<ArrayBuffer> {
  const out = Buffer.alloc(bytes.length);
  out.set(bytes);
  const i = bit % (out.length * 8);
  out[i >> 3] ^= 1 << (i & 7);
  return out;
}

/**
 * The same text with one of the low seven bits of one code point flipped: always a different,
 * well-formed string (a flip of those bits never crosses into or out of the surrogate range).
 */
export function flipCharBit(text: string, at: number, bit: number): string {
  const chars = Array.from(text);
  const i = at % chars.length;
  chars[i] = String.fromCodePoint(chars[i].codePointAt(0)! ^ (1 << (bit % 7)));
  return chars.join("");
}

/** Header-safe text (Headers refuses CR, LF, NUL and anything above U+00FF). */
export const headerText = (maxLength = 120) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

/** Runs `fn`; a thrown value other than an AppError fails the property. */
export async function onlyAppErrors<T>(fn: () => T | Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err };
    throw err;
  }
}

export const bodyBytes = fc.uint8Array({ minLength: 1, maxLength: 512 });
export const bodyText = fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 });
