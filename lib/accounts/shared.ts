import { db } from "../db";
import { AppError } from "../errors";

// Helpers for the read use cases in this folder. Not a use case: no permission checks here.

type Parser<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/** Validates a use case's input; INVALID_INPUT with per-field messages on failure. */
export function parseInput<T>(schema: Parser<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  throw new AppError("INVALID_INPUT", fields[0]?.message ?? "Some fields are missing or invalid.", { fields });
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The account's internal id for a public uid (unique index); NOT_FOUND when there is none. */
export async function accountIdForUid(uid: string): Promise<string> {
  const row = await db.account.findUnique({ where: { uid }, select: { id: true } });
  if (!row) throw new AppError("NOT_FOUND", "No account with this uid.");
  return row.id;
}
