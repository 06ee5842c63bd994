import { db } from "../db";
import { AppError } from "../errors";

// Helpers for the read use cases in this folder. Not a use case: no permission checks here.

/** Validates a use case's input (one helper for every use case folder). */
export { parseInput } from "../http/parse-input";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The account's internal id for a public uid (unique index); NOT_FOUND when there is none. */
export async function accountIdForUid(uid: string): Promise<string> {
  const row = await db.account.findUnique({ where: { uid }, select: { id: true } });
  if (!row) throw new AppError("NOT_FOUND", "No account with this uid.");
  return row.id;
}
