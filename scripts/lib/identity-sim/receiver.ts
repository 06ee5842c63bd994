import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifyStandardWebhook, type Rejection } from "./verify";

// The identity service's webhook receiver, as the simulator (and the tests) run it: verifies each
// request, remembers every webhook-id it accepted (a repeat is answered 200 and not recorded again:
// a non-2xx would make the sender retry for a day), and keeps what it received for GET /events.

export interface ReceivedEvent {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
  receivedAt: string;
  /** How many times this webhook-id arrived (1 + duplicates). */
  deliveries: number;
}

export interface ReceiverRejection {
  reason: Rejection | "bad_json" | "down";
  id: string | null;
  at: string;
}

export type ReceiverMode = "up" | "down";

export interface WebhookReceiver {
  url: string;
  port: number;
  events(): ReceivedEvent[];
  rejections(): ReceiverRejection[];
  /** "down": every webhook is answered 503 (the receiver is unavailable). */
  setMode(mode: ReceiverMode): void;
  setSecret(secret: string): void;
  clear(): void;
  /** Resolves when an event matching `pred` has arrived (or rejects after `timeoutMs`). */
  waitFor(pred: (e: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  port: number;
  secret: string;
  host?: string;
  /** Path webhooks are posted to. Default "/webhooks". */
  path?: string;
  log?: (line: string) => void;
  /** Events kept in memory (oldest dropped first). */
  keep?: number;
}

const MAX_BODY = 256 * 1024;

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(null));
  });
}

function ids(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([k, v]) => /id$|Id$|Ref$|code$|Code$/.test(k) && (typeof v === "string" || typeof v === "number"))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
}

export function startWebhookReceiver(opts: ReceiverOptions): Promise<WebhookReceiver> {
  let secret = opts.secret;
  let mode: ReceiverMode = "up";
  const keep = opts.keep ?? 10_000;
  const path = opts.path ?? "/webhooks";
  const log = opts.log ?? (() => {});
  const byId = new Map<string, ReceivedEvent>();
  const rejected: ReceiverRejection[] = [];
  const waiters = new Set<{ pred: (e: ReceivedEvent) => boolean; resolve: (e: ReceivedEvent) => void }>();

  const reject = (res: http.ServerResponse, status: number, reason: ReceiverRejection["reason"], id: string | null) => {
    rejected.push({ reason, id, at: new Date().toISOString() });
    if (rejected.length > 1000) rejected.shift();
    if (reason !== "down") log(`rejected ${reason}${id ? ` webhook-id=${id}` : ""}`);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: reason }));
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET" && url.pathname === "/health") return void res.writeHead(200).end("ok");
    if (req.method === "GET" && url.pathname === "/events") {
      const type = url.searchParams.get("type");
      const list = [...byId.values()].filter((e) => !type || e.type === type);
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ events: list, rejected: rejected.length }));
    }
    if (req.method !== "POST" || url.pathname !== path) return void res.writeHead(404).end();

    const body = await readBody(req);
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const id = header("webhook-id") ?? null;
    if (mode === "down") return reject(res, 503, "down", id);
    if (body === null) return reject(res, 413, "bad_json", id);
    const failure = verifyStandardWebhook(secret, { id: id ?? undefined, timestamp: header("webhook-timestamp"), signature: header("webhook-signature") }, body);
    if (failure) return reject(res, 401, failure, id);
    const known = byId.get(id!);
    if (known) {
      known.deliveries += 1;
      log(`duplicate webhook-id=${id} (ignored)`);
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ duplicate: true }));
    }
    let parsed: { type?: unknown; timestamp?: unknown; data?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return reject(res, 400, "bad_json", id);
    }
    const data = parsed.data && typeof parsed.data === "object" ? (parsed.data as Record<string, unknown>) : {};
    const event: ReceivedEvent = { id: id!, type: String(parsed.type), timestamp: String(parsed.timestamp), data, receivedAt: new Date().toISOString(), deliveries: 1 };
    byId.set(event.id, event);
    if (byId.size > keep) byId.delete(byId.keys().next().value!);
    log(`${event.type} webhook-id=${event.id} ${ids(data)}`.trim());
    for (const w of waiters) {
      if (w.pred(event)) {
        waiters.delete(w);
        w.resolve(event);
      }
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
  });

  return new Promise((resolve, rejectStart) => {
    server.once("error", rejectStart);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${opts.host ?? "127.0.0.1"}:${port}${path}`,
        port,
        events: () => [...byId.values()],
        rejections: () => [...rejected],
        setMode: (m) => void (mode = m),
        setSecret: (s) => void (secret = s),
        clear: () => {
          byId.clear();
          rejected.length = 0;
        },
        waitFor: (pred, timeoutMs = 15_000) => {
          const found = [...byId.values()].find(pred);
          if (found) return Promise.resolve(found);
          return new Promise((res, rej) => {
            const w = { pred, resolve: (e: ReceivedEvent) => (clearTimeout(timer), res(e)) };
            const timer = setTimeout(() => (waiters.delete(w), rej(new Error("no matching webhook arrived in time"))), timeoutMs);
            waiters.add(w);
          });
        },
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            server.closeAllConnections();
          }),
      });
    });
  });
}
