import { config } from "../../config";
import { db } from "../../db";
import type { EmailProvider, InboundEmailStatus } from "../../generated/prisma/enums";
import { getBytes } from "../../storage";
import { displayNameSpoof, parseInbound } from "../parse";
import type { Address, ParsedMessage } from "../types";
import { vetParts } from "../vetting";
import { storeDocuments, type PreparedDocument } from "./documents";
import { similarStoredPhotos } from "./reuse";
import { type SenderAuth } from "./risk";
import { describeParseFailure } from "./failure";
import { FINAL_STATUSES } from "./statuses";


/** The parsed message without its attachment bytes (those are in S3 by now). */
export type PreparedMessage = Omit<ParsedMessage, "parts"> & { recipients: string[] };

export interface Prepared {
  inboundEmailId: string;
  provider: EmailProvider;
  receivedAt: Date;
  attempts: number;
  message: PreparedMessage;
  auth: SenderAuth;
  displayNameSpoof: boolean;
  documents: PreparedDocument[];
}

export type PrepareResult =
  | { kind: "ready"; prepared: Prepared }
  | { kind: "done"; status: InboundEmailStatus | "MISSING" }
  | { kind: "unparseable"; reason: string; attempts: number };

const ADDRESS_IN_TEXT = /[^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+/g;

/** Every recipient address the message shows: To, plus Cc and the delivery headers some providers add. */
function recipientsOf(m: ParsedMessage): string[] {
  const fromHeaders = ["cc", "delivered-to", "x-original-to", "envelope-to", "x-forwarded-to"].flatMap((h) => m.headers[h]?.match(ADDRESS_IN_TEXT) ?? []);
  return [...new Set([...m.to.map((a: Address) => a.address), ...fromHeaders].map((a) => a.trim().toLowerCase()))].slice(0, 100);
}

function contentTypeOf(provider: EmailProvider, stored: string | null): string {
  if (stored) return stored;
  // Rows written before rawContentType existed: the two formats that carry no parameters.
  return provider === "POSTMARK" ? "application/json" : "message/rfc822";
}

/** The domain of our own address: a display name claiming it from elsewhere is a spoof. */
export const ownDomains = (): string[] => [config.MAIL_FROM_ADDRESS.split("@")[1].toLowerCase()];

/**
 * The first half of processing, everything outside the database transaction: claim the row
 * (PROCESSING, attempts + 1), read the raw payload, parse, vet every part and write its objects.
 * Nothing here is visible to agents until commitInboundEmail runs; running it twice writes the
 * same objects under the same keys.
 */
export async function prepareInboundEmail(inboundEmailId: string): Promise<PrepareResult> {
  const claimed = await db.inboundEmail.updateManyAndReturn({
    where: { id: inboundEmailId, status: { notIn: FINAL_STATUSES } },
    data: { status: "PROCESSING", attempts: { increment: 1 } },
    select: { id: true, provider: true, rawKey: true, rawContentType: true, receivedAt: true, attempts: true },
  });
  if (claimed.length === 0) {
    const row = await db.inboundEmail.findUnique({ where: { id: inboundEmailId }, select: { status: true } });
    return { kind: "done", status: row?.status ?? "MISSING" };
  }
  const row = claimed[0];

  const raw = await getBytes("inbound", row.rawKey);
  let parsed: ParsedMessage;
  try {
    parsed = await parseInbound(row.provider, raw, contentTypeOf(row.provider, row.rawContentType), { trustedAuthServIds: config.INBOUND_AUTHSERV_IDS.length ? config.INBOUND_AUTHSERV_IDS : undefined });
  } catch (err) {
    // Parsing is a pure function of bytes we already hold: another attempt would fail the same way.
    return { kind: "unparseable", reason: describeParseFailure(err), attempts: row.attempts };
  }

  const vetted = await vetParts(parsed.parts);
  const stored = await storeDocuments(row.id, parsed.parts, vetted);
  const similar = await similarStoredPhotos(stored.map((d, i) => ({ id: d.id, perceptualHash: d.verdict === "ACCEPTED" ? d.perceptualHash : null, thumbnail: vetted[i].thumbnail })));
  const documents = stored.map((d) => ({ ...d, similarTo: similar.get(d.id) ?? [] }));
  const { parts: _parts, ...rest } = parsed;
  return {
    kind: "ready",
    prepared: {
      inboundEmailId: row.id,
      provider: row.provider,
      receivedAt: row.receivedAt,
      attempts: row.attempts,
      message: { ...rest, recipients: recipientsOf(parsed) },
      auth: parsed.auth,
      displayNameSpoof: parsed.from ? displayNameSpoof(parsed.from, ownDomains()) : false,
      documents,
    },
  };
}
