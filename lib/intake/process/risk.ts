import type { Tx } from "../../db";
import type { RiskFlag, SenderAuthResult } from "../../generated/prisma/enums";

export interface SenderAuth {
  spf: SenderAuthResult;
  dkim: SenderAuthResult;
  dmarc: SenderAuthResult;
}

/** DMARC failed, or SPF failed with no passing DKIM signature to vouch for the sender instead. */
export function senderAuthFailed(auth: SenderAuth): boolean {
  return auth.dmarc === "FAIL" || (auth.spf === "FAIL" && auth.dkim !== "PASS");
}

/** Flags that follow from the message alone (no database). */
export function messageRiskFlags(auth: SenderAuth, displayNameSpoof: boolean): RiskFlag[] {
  const flags: RiskFlag[] = [];
  if (senderAuthFailed(auth)) flags.push("SENDER_AUTH_FAILED");
  if (displayNameSpoof) flags.push("DISPLAY_NAME_SPOOF");
  return flags;
}

export interface ReuseHit {
  documentId: string;
  /** Documents on other accounts' cases with the same bytes, or the same photo (./reuse.ts). */
  matches: { documentId: string; caseId: string }[];
}

/**
 * Accepted images that are on ANOTHER account's case already: the same bytes (SHA-256), or the
 * same photo as found by ./reuse.ts before the transaction. Documents of unmatched emails (no
 * case) do not count: a customer who first wrote from the wrong address and resends the same
 * photo from the bound one has reused nothing. Nor do the account's own earlier cases.
 */
export async function findReusedPhotos(
  tx: Tx,
  accountId: string,
  docs: { id: string; sha256: string; similarTo: string[] }[],
): Promise<ReuseHit[]> {
  if (docs.length === 0) return [];
  const similar = [...new Set(docs.flatMap((d) => d.similarTo))];
  const found = await tx.document.findMany({
    where: {
      OR: [{ sha256: { in: [...new Set(docs.map((d) => d.sha256))] } }, ...(similar.length ? [{ id: { in: similar } }] : [])],
      case: { accountId: { not: accountId } },
      id: { notIn: docs.map((d) => d.id) },
    },
    select: { id: true, caseId: true, sha256: true },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const hits: ReuseHit[] = [];
  for (const d of docs) {
    const matches = found.flatMap((f) => (f.caseId && (f.sha256 === d.sha256 || d.similarTo.includes(f.id)) ? [{ documentId: f.id, caseId: f.caseId }] : []));
    if (matches.length) hits.push({ documentId: d.id, matches: matches.slice(0, 20) });
  }
  return hits;
}

/** Union in a stable order, without duplicates. */
export function mergeFlags(current: readonly RiskFlag[], added: readonly RiskFlag[]): RiskFlag[] {
  return [...new Set([...current, ...added])];
}
