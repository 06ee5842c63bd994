import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { config } from "../config";

// TOTP (RFC 6238) enrolment and verification, the sealed form of the secret stored in
// StaffUser.mfaSecret, and single-use recovery codes.

export const TOTP_ISSUER = "Gatehouse";

const DIGITS = 6;
const PERIOD_SECONDS = 30;
const ALGORITHM = "SHA1"; // what every authenticator app supports
/** Steps either side of the current one that are accepted (clock drift, slow typing). */
const WINDOW = 1;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, accountEmail: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: accountEmail,
    secret: Secret.fromBase32(secretBase32),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  }).toString();
}

export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}

function stepAt(now: number): number {
  return Math.floor(now / 1000 / PERIOD_SECONDS);
}

function codeAt(secret: Secret, step: number): string {
  return HOTP.generate({ secret, algorithm: ALGORITHM, digits: DIGITS, counter: step });
}

export function currentTotp(secretBase32: string, now: number = Date.now()): string {
  return codeAt(Secret.fromBase32(secretBase32), stepAt(now));
}

/**
 * Verifies a 6-digit code with ±1 step tolerance. Returns the matched time step (store it as the
 * new lastUsedStep) or null. A step <= lastUsedStep is refused, so a code cannot be replayed within
 * its validity window (ASVS 2.8.4). Every candidate step is compared in constant time, with no
 * early exit, so timing reveals neither the code nor which step matched.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  opts: { lastUsedStep?: number | null; now?: number } = {},
): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^[0-9]{6}$/.test(token)) return null;
  const secret = Secret.fromBase32(secretBase32);
  const current = stepAt(opts.now ?? Date.now());
  const lastUsed = opts.lastUsedStep ?? -1;
  const given = Buffer.from(token, "ascii");
  let matched: number | null = null;
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    const equal = timingSafeEqual(given, Buffer.from(codeAt(secret, step), "ascii"));
    // Lowest fresh matching step: accepting a code must not burn codes that are still to come.
    if (equal && step > lastUsed && matched === null) matched = step;
  }
  return matched;
}

// ---- Sealing the secret at rest -------------------------------------------------------------

const SEAL_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]+$/;

function deriveKey(info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", config.AUTH_SECRET, "gatehouse-mfa", info, 32));
}

let sealKey: Buffer | undefined;
const getSealKey = () => (sealKey ??= deriveKey("totp-secret-v1"));

/** AES-256-GCM; output "v1.<iv>.<tag>.<ciphertext>", each part base64url. */
export function sealSecret(secretBase32: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", getSealKey(), iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(secretBase32, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [SEAL_VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Throws if the value is malformed, was sealed with another key, or was altered. */
export function openSecret(sealed: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== SEAL_VERSION || !parts.slice(1).every((p) => B64URL.test(p))) {
    throw new Error("sealed MFA secret is malformed");
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, "base64url"));
  // A short tag would be accepted by GCM unless its length is pinned, weakening the integrity check.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error("sealed MFA secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", getSealKey(), iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
}

// ---- Recovery codes -------------------------------------------------------------------------

/** Lower-case letters and digits without 0, o, 1, i, l: 31 symbols, so 10 of them carry ~49.5 bits. */
const RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const RECOVERY_LENGTH = 10;
const RECOVERY_COUNT = 10;

export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_COUNT) {
    let raw = "";
    // randomInt rejects biased values, so every symbol is equally likely.
    for (let i = 0; i < RECOVERY_LENGTH; i++) raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    codes.add(`${raw.slice(0, 5)}-${raw.slice(5)}`);
  }
  return [...codes];
}

// Spaces, hyphen-minus and the dashes a phone keyboard or a copy from a PDF may substitute for it.
const SEPARATORS = /[\s\u002D\u2010\u2011\u2012\u2013\u2014\u2212]/gu;

export function normaliseCode(input: string): string {
  return input.normalize("NFKC").replace(SEPARATORS, "").toLowerCase();
}

let recoveryKey: Buffer | undefined;
const getRecoveryKey = () => (recoveryKey ??= deriveKey("recovery-code-v1"));

/**
 * Hex HMAC-SHA256 of the normalised code. A fast hash is enough because codes are random (~49.5
 * bits), single-use, and guessed online only under the sign-in rate limit, so there is no
 * low-entropy password to stretch. It is keyed (from AUTH_SECRET) rather than plain SHA-256
 * because 2^49.5 unsalted SHA-256 guesses is within reach of a GPU rig: a stolen database dump
 * alone must not yield usable codes. Deterministic, so the column can be looked up by value.
 */
export function hashRecoveryCode(code: string): string {
  return createHmac("sha256", getRecoveryKey()).update(normaliseCode(code), "utf8").digest("hex");
}
