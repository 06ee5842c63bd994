import { createPublicKey, verify, type KeyObject } from "node:crypto";

// SendGrid's signed webhooks: base64 DER ECDSA (P-256, SHA-256) over timestamp + raw body, checked
// with the account's public key (base64 DER SubjectPublicKeyInfo as SendGrid shows it, or PEM).

const keys = new Map<string, KeyObject>();

export function publicKeyFrom(configured: string): KeyObject {
  let key = keys.get(configured);
  if (!key) {
    const text = configured.trim();
    key = text.startsWith("-----BEGIN") ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" });
    if (key.asymmetricKeyType !== "ec") throw new Error("SENDGRID_PUBLIC_KEY is not an EC public key");
    keys.set(configured, key);
  }
  return key;
}

/** True when `signatureB64` is a valid signature of `timestamp + body`; false for any malformed input. */
export function verifyEcdsa(publicKey: KeyObject, timestamp: string, body: Uint8Array, signatureB64: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureB64)) return false;
  try {
    return verify("sha256", Buffer.concat([Buffer.from(timestamp, "utf8"), body]), { key: publicKey, dsaEncoding: "der" }, Buffer.from(signatureB64, "base64"));
  } catch {
    return false;
  }
}
