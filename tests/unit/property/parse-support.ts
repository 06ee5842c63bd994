// Arbitraries for the intake parser property tests: generated messages (composed by the same
// fixtures the example tests use) and hostile byte mutations of them.
import fc from "fast-check";
import { expect } from "vitest";
import { AppError } from "@/lib/errors";
import type { FixtureAttachment, FixtureMessage } from "../../support/email-fixtures";

/** A parse must settle within this; mailparser streams, so bounded inputs finish in milliseconds. */
export const SETTLE_MS = 3_000;

/** Resolves to the outcome; fails the property on a non-AppError throw or when it does not settle. */
export async function settles<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${SETTLE_MS} ms`)), SETTLE_MS);
  });
  try {
    return { ok: true, value: await Promise.race([work(), timeout]) };
  } catch (err) {
    if (err instanceof AppError) {
      expect(["UNPROCESSABLE", "UNSUPPORTED_MEDIA_TYPE", "INVALID_INPUT"]).toContain(err.code);
      return { ok: false, error: err };
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

const TYPES = ["image/jpeg", "image/png", "image/heic", "application/pdf", "application/octet-stream", "text/plain"];

/** File names as customers' clients send them: any script, spaces, dots, quotes, emoji. */
export const fileName = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

export const attachment: fc.Arbitrary<FixtureAttachment> = fc.record({
  filename: fileName,
  contentType: fc.constantFrom(...TYPES),
  content: fc.uint8Array({ minLength: 1, maxLength: 3_000 }).map((b) => Buffer.from(b)),
});

const word = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), minLength: 1, maxLength: 12 });

export const message: fc.Arbitrary<FixtureMessage> = fc.record({
  from: fc.record({ name: fc.string({ unit: "grapheme", maxLength: 30 }), address: fc.tuple(word, word).map(([a, b]) => `${a}@${b}.example`) }),
  to: fc.constant([{ name: "Gatehouse Support", address: "support@gatehouse.test" }]),
  subject: fc.string({ unit: "grapheme", maxLength: 80 }),
  date: fc.constant(new Date("2026-11-20T10:15:00Z")),
  messageId: word.map((w) => `${w}@mail.example.com`),
  text: fc.string({ unit: "grapheme", maxLength: 300 }),
  attachments: fc.array(attachment, { minLength: 1, maxLength: 4 }),
});

/** Random damage to a well-formed payload: truncation, flipped bytes, inserted or deleted runs. */
export type Edit =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; bits: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; length: number };

export const damage: fc.Arbitrary<Edit[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  ),
  { minLength: 1, maxLength: 6 },
);

export function applyDamage(input: Buffer, edits: Edit[]): Buffer {
  let b = input;
  for (const e of edits) {
    const at = b.length ? e.at % b.length : 0;
    if (e.kind === "truncate") b = b.subarray(0, at);
    else if (e.kind === "flip" && b.length) b = Buffer.concat([b.subarray(0, at), Buffer.from([b[at] ^ e.bits]), b.subarray(at + 1)]);
    else if (e.kind === "insert") b = Buffer.concat([b.subarray(0, at), Buffer.from(e.bytes), b.subarray(at)]);
    else if (e.kind === "delete") b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.length)]);
  }
  return b;
}

/** RFC 2046 boundary characters (bchars); the last one must not be a space. */
export const boundary = fc
  .string({ unit: fc.constantFrom(..."0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? "), minLength: 1, maxLength: 70 })
  .filter((b) => !b.endsWith(" "));
