import type { Tx } from "../../db";

export type SenderMatch =
  | { kind: "matched"; account: { id: string; email: string; locale: string | null; realName: string | null } }
  | { kind: "unmatched"; reason: "no_address" | "no_account" | "ambiguous" };

/** How Account.emailNormalized is computed: lower(trim(email)). */
export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * The account whose bound email is exactly the sender's address (case-insensitive, trimmed).
 * No fuzzy matching: no dots or plus tags removed, no display names. Two accounts with the same
 * address are ambiguous and match neither: an agent links the email by hand.
 */
export async function matchSender(tx: Tx, fromAddress: string | null | undefined): Promise<SenderMatch> {
  if (!fromAddress?.trim()) return { kind: "unmatched", reason: "no_address" };
  const accounts = await tx.account.findMany({
    where: { emailNormalized: normalizeEmail(fromAddress) },
    select: { id: true, email: true, locale: true, realName: true },
    take: 2,
  });
  if (accounts.length === 0) return { kind: "unmatched", reason: "no_account" };
  if (accounts.length > 1) return { kind: "unmatched", reason: "ambiguous" };
  return { kind: "matched", account: accounts[0] };
}
