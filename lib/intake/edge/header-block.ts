// Just enough RFC 5322 to read one header out of a message at the edge: the header section
// (everything before the first empty line), unfolded, names case-insensitive. Full parsing is
// the worker's job (mailparser).

/** Only the start of a message is searched for its header section. */
const MAX_HEADER_BYTES = 1024 * 1024;
const FIELD = /^([!-9;-~]+)[ \t]*:(.*)$/s;

/** The header section of a raw message (bytes or text): up to the first empty line. */
export function headerSection(message: Uint8Array | string): string {
  const head = typeof message === "string" ? message.slice(0, MAX_HEADER_BYTES) : Buffer.from(message.buffer, message.byteOffset, Math.min(message.byteLength, MAX_HEADER_BYTES)).toString("utf8");
  const end = /\r?\n\r?\n/.exec(head);
  return end ? head.slice(0, end.index) : head;
}

/** Lower-cased field name → values in order. Lines that are not fields (and continuations without a field) are skipped. */
export function parseHeaderFields(section: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  // Unfold: a line starting with space or tab continues the previous one.
  const unfolded = section.replace(/\r?\n(?=[ \t])/g, "");
  for (const line of unfolded.split(/\r?\n/)) {
    const m = FIELD.exec(line);
    if (!m) continue;
    const name = m[1].toLowerCase();
    const list = fields.get(name) ?? [];
    list.push(m[2].trim());
    fields.set(name, list);
  }
  return fields;
}

/** True when the text starts like an RFC 5322 message: its first line is a header field. */
export function looksLikeMessage(section: string): boolean {
  const first = section.split(/\r?\n/, 1)[0] ?? "";
  return FIELD.test(first);
}

/** Longest Message-ID kept (RFC 5322 line length); a longer value is treated as absent. */
const MAX_MESSAGE_ID = 998;

/** A Message-ID without angle brackets or surrounding space; null when absent or not one id. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const bracketed = /<([^<>\s]+)>/.exec(trimmed);
  const id = bracketed ? bracketed[1] : /^[^<>\s]+$/.test(trimmed) ? trimmed : null;
  return id && id.length <= MAX_MESSAGE_ID ? id : null;
}

/** The Message-ID of a raw message (or of a header section). */
export function messageIdOf(message: Uint8Array | string): string | null {
  return normalizeMessageId(parseHeaderFields(headerSection(message)).get("message-id")?.[0]);
}
