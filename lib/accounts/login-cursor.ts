import { AppError } from "../errors";

// Keyset paging over LoginEvent (occurredAt desc, id desc). A cursor names the row a page starts
// after and which way it goes ("older": down the list, "newer": back up). Opaque to callers:
// base64url of "<o|n>.<epoch ms>.<login id>".

export interface LoginCursor {
  dir: "older" | "newer";
  occurredAt: Date;
  id: bigint;
}

export function encodeLoginCursor(c: LoginCursor): string {
  return Buffer.from(`${c.dir === "older" ? "o" : "n"}.${c.occurredAt.getTime()}.${c.id}`, "utf8").toString("base64url");
}

export function decodeLoginCursor(value: string): LoginCursor {
  const invalid = () => new AppError("INVALID_INPUT", "The cursor is not one this list returned; start again from the first page.", { fields: [{ path: "cursor", message: "invalid cursor" }] });
  if (value.length > 120 || !/^[A-Za-z0-9_-]+$/.test(value)) throw invalid();
  const [dir, ms, id, ...rest] = Buffer.from(value, "base64url").toString("utf8").split(".");
  if (rest.length || (dir !== "o" && dir !== "n") || !/^-?\d{1,15}$/.test(ms ?? "") || !/^\d{1,19}$/.test(id ?? "")) throw invalid();
  const time = Number(ms);
  if (!Number.isSafeInteger(time)) throw invalid();
  return { dir: dir === "o" ? "older" : "newer", occurredAt: new Date(time), id: BigInt(id) };
}
