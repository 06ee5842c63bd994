import { safeEqual } from "./constant-time";
import { refuse } from "./refusal";

/**
 * Checks `Authorization: Basic …` against the configured pair. Username and password are both
 * compared (constant time, no short circuit), and the refusal does not say which one was wrong.
 */
export function checkBasicAuth(headers: Headers, expected: { username: string; password: string }, who: string): void {
  const header = headers.get("authorization") ?? "";
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) {
    throw refuse("missing_credentials", `Send HTTP Basic credentials: put the ${who} inbound username and password in the webhook URL (https://user:password@host/…).`);
  }
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const username = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const password = colon >= 0 ? decoded.slice(colon + 1) : "";
  const ok = Number(safeEqual(username, expected.username)) & Number(safeEqual(password, expected.password));
  if (!ok) throw refuse("wrong_credentials", `The HTTP Basic username or password is wrong. Use the ${who} inbound credentials configured in Gatehouse.`);
}
