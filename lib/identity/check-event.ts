import { z } from "zod";
import { EVENT_TYPES, FINGERPRINT_RULE, issueSummary, ZIdentityEvent, type IdentityEvent } from "./schemas";

// Sorts one received event into what happens to it:
//   unstorable — not even an envelope (no string id, type and ISO occurredAt, or not storable as
//                jsonb): reported, never stored;
//   invalid    — stored raw (redacted where it may hold a raw ID number) with the reason, never applied;
//   valid      — stored raw, then applied.

export const MAX_EVENT_BYTES = 16 * 1024;
/** PostgreSQL's jsonb parser runs out of stack on very deep nesting, which would fail the whole batch. */
const MAX_DEPTH = 16;

interface Envelope {
  index: number;
  id: string;
  type: string;
  occurredAt: Date;
  /** The event as received (JSON), minus anything redacted. */
  payload: string;
}

export type CheckedEvent =
  | { kind: "unstorable"; index: number; id: string | null; reason: string }
  | (Envelope & { kind: "invalid"; reason: string })
  | (Envelope & { kind: "valid"; event: IdentityEvent });

const ID = /^[\x21-\x7e]{1,200}$/;
const ZIsoDateTime = z.iso.datetime({ offset: true });
const REDACTED = "[redacted]";

// Field names under which a raw document number might be sent by mistake (compared lower-case,
// without "_" and "-"). Their values are never stored and the event is refused.
const RAW_ID_KEYS = new Set([
  "idnumber", "iddocumentnumber", "idcardnumber", "documentnumber", "docnumber", "passportnumber",
  "nationalid", "nationalidnumber", "licencenumber", "licensenumber", "driverlicensenumber", "ssn", "taxid", "rawid",
]);

// JSON.stringify writes NUL and lone surrogates as \u escapes; PostgreSQL refuses both in jsonb
// (and NUL in text), so such an event would fail the whole batch's insert.
const UNSTORABLE_TEXT = /\\u0000|\\ud[89a-f][0-9a-f]{2}/i;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether `v` nests deeper than `limit` levels (stops looking as soon as it does). */
function tooDeep(v: unknown, limit: number): boolean {
  if (typeof v !== "object" || v === null) return false;
  if (limit === 0) return true;
  return Object.values(v).some((child) => tooDeep(child, limit - 1));
}

/** The event with values that might be raw ID numbers replaced; which field caused it, if any. */
function redact(event: Record<string, unknown>): { stored: Record<string, unknown>; rawIdKey: string | null; fingerprintRedacted: boolean } {
  const stored: Record<string, unknown> = { ...event };
  let rawIdKey: string | null = null;
  for (const key of Object.keys(stored)) {
    if (RAW_ID_KEYS.has(key.toLowerCase().replace(/[_-]/g, ""))) {
      stored[key] = REDACTED;
      rawIdKey ??= key;
    }
  }
  const fp = stored.idFingerprint;
  const fingerprintRedacted = fp !== undefined && fp !== null && !(typeof fp === "string" && /^[0-9a-fA-F]{64}$/.test(fp));
  if (fingerprintRedacted) stored.idFingerprint = REDACTED;
  return { stored, rawIdKey, fingerprintRedacted };
}

export function checkEvent(raw: unknown, index: number, nowMs: number, maxSkewSeconds: number): CheckedEvent {
  const refuse = (id: string | null, reason: string): CheckedEvent => ({ kind: "unstorable", index, id, reason });
  if (!isRecord(raw)) return refuse(null, "an event must be a JSON object");
  const { id, type, occurredAt } = raw;
  if (typeof id !== "string" || !ID.test(id)) {
    return refuse(typeof id === "string" ? id.slice(0, 200) : null, "id must be a string of 1–200 visible ASCII characters");
  }
  if (typeof type !== "string" || type.length === 0 || type.length > 64) return refuse(id, "type must be a string of 1–64 characters");
  if (typeof occurredAt !== "string" || !ZIsoDateTime.safeParse(occurredAt).success) {
    return refuse(id, "occurredAt must be an ISO 8601 date-time with a time zone, e.g. 2026-11-26T10:15:00.000Z");
  }

  if (tooDeep(raw, MAX_DEPTH)) return refuse(id, `the event nests deeper than ${MAX_DEPTH} levels`);
  const { stored, rawIdKey, fingerprintRedacted } = redact(raw);
  const payload = JSON.stringify(stored);
  if (Buffer.byteLength(payload) > MAX_EVENT_BYTES) return refuse(id, `the event is larger than ${MAX_EVENT_BYTES / 1024} KB`);
  if (UNSTORABLE_TEXT.test(payload)) return refuse(id, "the event contains a NUL character or text that is not valid Unicode");

  const envelope: Envelope = { index, id, type, occurredAt: new Date(occurredAt), payload };
  const invalid = (reason: string): CheckedEvent => ({ ...envelope, kind: "invalid", reason });
  if (rawIdKey) return invalid(`${rawIdKey} looks like a raw ID document number: send only idFingerprint (the keyed hash); the value was not stored`);
  if (!(EVENT_TYPES as readonly string[]).includes(type)) return invalid(`unknown type "${type.slice(0, 64)}"; expected one of ${EVENT_TYPES.join(", ")}`);
  if (fingerprintRedacted) return invalid(FINGERPRINT_RULE);
  const parsed = ZIdentityEvent.safeParse(raw);
  if (!parsed.success) return invalid(issueSummary(parsed.error));
  if (envelope.occurredAt.getTime() > nowMs + maxSkewSeconds * 1000) {
    return invalid(`occurredAt is more than ${maxSkewSeconds} s in the future; check the sender's clock`);
  }
  return { ...envelope, kind: "valid", event: parsed.data };
}
