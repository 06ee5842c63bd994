import { AppError } from "../../errors";
import { logger } from "../../log";

// Reads a webhook body into memory, never more than `maxBytes` of it: a declared Content-Length
// above the cap is refused before a byte is read, and a body without one (chunked) is counted
// while it streams and abandoned as soon as it passes the cap.

function tooLarge(maxBytes: number): AppError {
  const mb = Math.floor(maxBytes / (1024 * 1024));
  return new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${mb > 0 ? `${mb} MB` : `${maxBytes} bytes`}. Send messages below this size (attachments included).`, {
    maxBytes,
  });
}

export interface ReadBodyOptions {
  /** For the log line when a body arrives shorter than declared. */
  requestId?: string;
}

export async function readCappedBody(req: Request, maxBytes: number, opts: ReadBodyOptions = {}): Promise<Buffer<ArrayBuffer>> {
  const ctx = { requestId: opts.requestId ?? "-" };
  const declared = req.headers.get("content-length");
  let expected: number | null = null;
  if (declared !== null) {
    if (!/^\s*\d{1,15}\s*$/.test(declared)) throw new AppError("INVALID_INPUT", "The Content-Length header is not a number.");
    expected = Number(declared);
    if (expected > maxBytes) throw tooLarge(maxBytes);
  }
  if (!req.body) return Buffer.alloc(0);

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop pulling: the rest of the upload is never buffered.
      reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (expected !== null && total !== expected) {
    // A body shorter than declared was cut somewhere on the way (a proxy buffering limit, a
    // dropped connection): storing it would keep a damaged message as if it were whole.
    logger.warn({ requestId: ctx.requestId, declared: expected, received: total }, "inbound body length differs from Content-Length");
    throw new AppError("INVALID_INPUT", `The body was cut short: ${total} of ${expected} declared bytes arrived. Send it again.`, {
      declaredBytes: expected,
      receivedBytes: total,
    });
  }
  return Buffer.concat(chunks, total);
}
