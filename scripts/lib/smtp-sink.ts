// A local SMTP sink on loopback: accepts every message (no auth, no TLS, a size limit), optionally
// writes it to <dir>/<time>-<id>.eml, and keeps it parsed (mailparser) for tests to read.
// scripts/smtp-sink.ts runs it for `npm run up`; integration tests start one on a random port.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SinkMessage {
  id: string;
  envelope: { from: string | null; to: string[] };
  /** The message exactly as received (headers + body). */
  raw: Buffer;
  parsed: ParsedMail;
  /** Path of the .eml file, when the sink writes them. */
  file: string | null;
}

export interface SmtpSinkOptions {
  /** 0 picks a free port. */
  port: number;
  /** Write each message as .eml here. */
  dir?: string;
  onMessage?: (message: SinkMessage) => void;
  /** Keep messages in memory for `messages` / `waitFor` (default true; the long-running dev sink turns it off). */
  keep?: boolean;
  /** Larger messages are refused with 552 (default 25 MB). */
  maxBytes?: number;
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:<port>, for a mail transport. */
  url: string;
  messages: SinkMessage[];
  /** The first message (already received or arriving within the timeout) that matches. */
  waitFor(predicate: (message: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  clear(): void;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";

export async function startSmtpSink(opts: SmtpSinkOptions): Promise<SmtpSink> {
  const keep = opts.keep ?? true;
  const messages: SinkMessage[] = [];
  const waiters = new Set<(m: SinkMessage) => void>();
  if (opts.dir) await fs.mkdir(opts.dir, { recursive: true });

  async function store(raw: Buffer, envelope: SinkMessage["envelope"]): Promise<SinkMessage> {
    const id = randomBytes(6).toString("hex");
    let file: string | null = null;
    if (opts.dir) {
      file = path.join(opts.dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${id}.eml`);
      await fs.writeFile(file, raw, { mode: 0o600 });
    }
    const message: SinkMessage = { id, envelope, raw, parsed: await simpleParser(raw), file };
    if (keep) messages.push(message);
    opts.onMessage?.(message);
    for (const w of waiters) w(message);
    return message;
  }

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: opts.maxBytes ?? 25 * 1024 * 1024,
    banner: "Gatehouse local SMTP sink",
    logger: false,
    // Pooled clients keep connections open; do not let close() wait long for them.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error("message exceeds the size limit"), { responseCode: 552 }));
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        store(Buffer.concat(chunks), envelope).then(
          (m) => callback(null, `queued as ${m.id}`),
          (err: unknown) => callback(Object.assign(new Error(`sink could not store the message: ${String(err)}`), { responseCode: 451 })),
        );
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    const net = server.listen(opts.port, HOST, () => {
      server.off("error", reject);
      const addr = net.address();
      resolve(typeof addr === "object" && addr ? addr.port : opts.port);
    });
  });
  // A client dropping its connection is not the sink's problem.
  server.on("error", () => undefined);

  return {
    port,
    url: `smtp://${HOST}:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 10_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        const check = (m: SinkMessage) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
