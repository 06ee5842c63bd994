import { z } from "zod";
import { AppError } from "../../errors";

// Keyset paging over (receivedAt desc, id desc). A cursor names the row a page starts after and
// which way it goes ("older": the next page down the list, "newer": back up it). Opaque to
// callers: base64url of "<o|n>.<epoch ms>.<uuid>".

export interface InboundCursor {
  dir: "older" | "newer";
  receivedAt: Date;
  id: string;
}

export function encodeCursor(c: InboundCursor): string {
  return Buffer.from(`${c.dir === "older" ? "o" : "n"}.${c.receivedAt.getTime()}.${c.id}`, "utf8").toString("base64url");
}

const ZId = z.uuid();

export function decodeCursor(value: string): InboundCursor {
  const invalid = () => new AppError("INVALID_INPUT", "The cursor is not one this list returned; start again from the first page.", { fields: [{ path: "cursor", message: "invalid cursor" }] });
  if (value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) throw invalid();
  const [dir, ms, id, ...rest] = Buffer.from(value, "base64url").toString("utf8").split(".");
  const time = Number(ms);
  if (rest.length || (dir !== "o" && dir !== "n") || !/^\d{1,15}$/.test(ms ?? "") || !Number.isSafeInteger(time) || !ZId.safeParse(id).success) throw invalid();
  return { dir: dir === "o" ? "older" : "newer", receivedAt: new Date(time), id: id.toLowerCase() };
}
