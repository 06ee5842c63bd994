import { hash, verify, type Options } from "@node-rs/argon2";
import { AppError } from "../errors";

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~30 ms here, so a
// sign-in stays fast while an offline guess costs the same memory as ours.
const ARGON2: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Length rules only (ASVS 2.1: at least 12, at most 128, no composition rules, any character). */
export function checkPasswordPolicy(password: string, email?: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN) throw new AppError("INVALID_INPUT", `Use at least ${PASSWORD_MIN} characters.`, { field: "password" });
  if (length > PASSWORD_MAX) throw new AppError("INVALID_INPUT", `Use at most ${PASSWORD_MAX} characters.`, { field: "password" });
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) {
    throw new AppError("INVALID_INPUT", "The password must not be the email address.", { field: "password" });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFKC"), ARGON2);
}

// Verified against when the email is unknown or has no password, so the response takes as long
// as a real check and does not reveal which emails are staff.
let dummy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  const candidate = password.normalize("NFKC");
  if (!passwordHash) {
    dummy ??= hash("gatehouse-timing-equaliser", ARGON2);
    await verify(await dummy, candidate).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, candidate);
  } catch {
    return false;
  }
}
