import { AppError } from "../errors";

// multipart/form-data (RFC 7578 over RFC 2046) read from a buffer we already hold. Our own because
// the platform's parser (undici, behind Response.formData()) looks for the bare boundary text
// instead of the delimiter line and refuses a well-formed body whose content merely contains it
// (nodejs/undici#5561): SendGrid always uses the boundary "xYzZY", so about 1 % of large photo
// emails in raw mode were refused at the edge on every retry — lost. Here a delimiter counts only
// at the start of a line (CRLF "--" boundary) and followed by CRLF, "--" or transport padding.
// Parts are views over the input (no copies) until they become Files.

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** The boundary parameter of a multipart Content-Type (quoted or token), or null. */
export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/** Where a delimiter starts at `from` or later, and where its part's content ends: -1 when none. */
function nextDelimiter(body: Buffer, dash: Buffer, from: number): { at: number; after: number; last: boolean } | null {
  let i = from;
  for (;;) {
    const at = body.indexOf(dash, i);
    if (at < 0) return null;
    const lineStart = at === 0 || (at >= 2 && body[at - 2] === 0x0d && body[at - 1] === 0x0a);
    let j = at + dash.length;
    const last = body[j] === 0x2d && body[j + 1] === 0x2d;
    if (last) j += 2;
    while (body[j] === 0x20 || body[j] === 0x09) j++; // transport padding
    const endsLine = j >= body.length || (body[j] === 0x0d && body[j + 1] === 0x0a);
    if (lineStart && endsLine) return { at: at === 0 ? 0 : at - 2, after: Math.min(j + 2, body.length), last };
    i = at + 1;
  }
}

interface PartHeaders {
  name: string | null;
  filename: string | null;
  type: string | null;
}

function param(disposition: string, key: string): string | null {
  // filename*=UTF-8''percent-encoded wins over filename= (RFC 5987 / 6266).
  const ext = new RegExp(`;\\s*${key}\\*=([^']*)'[^']*'([^;]*)`, "i").exec(disposition);
  if (ext) {
    try {
      return decodeURIComponent(ext[2].trim());
    } catch {
      /* fall through to the plain parameter */
    }
  }
  const m = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i").exec(disposition);
  if (!m) return null;
  // WHATWG encoders (browsers, undici) write LF, CR and '"' in names as %0A, %0D, %22; the fetch
  // spec's parser turns them back, and so do we.
  const whatwg = (v: string) => v.replace(/%0A/gi, "\n").replace(/%0D/gi, "\r").replace(/%22/g, '"');
  return m[1] !== undefined ? whatwg(m[1].replace(/\\(.)/g, "$1")) : m[2];
}

function parseHeaders(block: string): PartHeaders {
  let disposition = "";
  let type: string | null = null;
  for (const line of block.split(/\r\n(?![ \t])/)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).replace(/\r\n[ \t]+/g, " ").trim();
    if (key === "content-disposition") disposition = value;
    else if (key === "content-type") type = value;
  }
  if (!/^form-data\b/i.test(disposition)) return { name: null, filename: null, type };
  return { name: param(disposition, "name"), filename: param(disposition, "filename"), type };
}

/**
 * Parses a multipart/form-data body into FormData: parts with a filename become Files (bytes
 * intact), the others UTF-8 strings. Refuses (INVALID_INPUT) a body without its opening delimiter,
 * a part without a header block, or a missing closing delimiter.
 */
export function parseMultipart(body: Buffer, contentType: string): FormData {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new AppError("INVALID_INPUT", "The multipart Content-Type has no boundary parameter.");
  const dash = Buffer.from(`--${boundary}`);
  const form = new FormData();
  let d = nextDelimiter(body, dash, 0);
  if (!d) throw new AppError("INVALID_INPUT", "The multipart body does not contain its boundary.");
  while (!d.last) {
    const start = d.after;
    const next = nextDelimiter(body, dash, start);
    if (!next) throw new AppError("INVALID_INPUT", "The multipart body ends before its closing boundary.");
    const headerEnd = body.indexOf(HEADER_END, start);
    const part = headerEnd >= 0 && headerEnd < next.at ? { headers: body.subarray(start, headerEnd), content: body.subarray(headerEnd + 4, next.at) } : null;
    // A part with no headers at all starts with its blank line.
    const bare = !part && body.subarray(start, start + 2).equals(CRLF) ? { headers: Buffer.alloc(0), content: body.subarray(start + 2, next.at) } : null;
    const p = part ?? bare;
    if (!p) throw new AppError("INVALID_INPUT", "A multipart part has no header block.");
    const h = parseHeaders(p.headers.toString("utf8"));
    if (h.name !== null) {
      if (h.filename !== null) form.append(h.name, new File([new Uint8Array(p.content)], h.filename, { type: h.type ?? "application/octet-stream" }));
      else form.append(h.name, p.content.toString("utf8"));
    }
    d = next;
  }
  return form;
}
