// The burst: customers' emails as providers deliver them to the real route handlers (called
// in-process), with the providers' behaviour on failure: any non-2xx answer or a timeout is
// retried with backoff, a MIME delivery is signed afresh on every attempt. Duplicates (the same
// Message-ID delivered again, by the same or another provider) and replies are mixed in.
import { createHmac, randomUUID } from "node:crypto";
import { buildRawMessage, type RawAttachment } from "@/prisma/seed/mime";
import { rng } from "../../fixtures/email/files";

export type Route = "mime" | "postmark";

export interface PlannedEmail {
  /** Message-ID without brackets. */
  messageId: string;
  from: string;
  /** The account it should land on; null: an unknown sender (UNMATCHED). */
  accountId: string | null;
  subject: string;
  inReplyTo: string | null;
  attachments: RawAttachment[];
}

export interface Delivery {
  email: PlannedEmail;
  route: Route;
  /** A redelivery of an email delivered before (same Message-ID). */
  duplicate: boolean;
  /** ms after the burst starts. */
  at: number;
}

export interface DeliveryResult {
  delivery: Delivery;
  status: number;
  id: string;
  duplicate: boolean;
  attempts: number;
  /** Non-2xx answers and timeouts by status ("timeout", "threw"). */
  refusals: Record<string, number>;
  acceptedAt: number;
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;

export interface Edge {
  mime: Handler;
  postmark: Handler;
  mimeSecret: string;
  postmarkAuth: string;
}

/** One success seen by the senders, for recovery times. */
export interface EdgeEvent {
  at: number;
  ok: boolean;
  route: Route;
}

const TO = "support@gatehouse.test";

function request(edge: Edge, d: Delivery): Request {
  const e = d.email;
  if (d.route === "mime") {
    const raw = buildRawMessage({
      from: { address: e.from, name: "Alex Example" },
      to: TO,
      subject: e.subject,
      // Fixed per email, so a redelivery carries the same bytes as the first delivery.
      date: new Date(Date.UTC(2026, 11, 7, 12, 0, 0)),
      messageId: `<${e.messageId}>`,
      inReplyTo: e.inReplyTo ? `<${e.inReplyTo}>` : null,
      references: e.inReplyTo ? [`<${e.inReplyTo}>`] : undefined,
      authResults: { spf: "pass", dkim: "pass", dmarc: "pass" },
      text: "Hello, the face check fails on my new phone. My ID is attached.",
      attachments: e.attachments,
    });
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac("sha256", edge.mimeSecret).update(`${t}.`).update(raw).digest("hex");
    return new Request("http://127.0.0.1:3000/api/inbound/mime", {
      method: "POST",
      headers: { "content-type": "message/rfc822", "x-gatehouse-signature": `t=${t},v1=${v1}`, "x-forwarded-for": "192.0.2.25" },
      body: new Uint8Array(raw),
    });
  }
  const headers = [
    { Name: "Authentication-Results", Value: "mx.postmarkapp.com; spf=pass smtp.mailfrom=x; dkim=pass header.d=mail.example.com; dmarc=pass header.from=mail.example.com" },
    { Name: "MIME-Version", Value: "1.0" },
    { Name: "Message-ID", Value: `<${e.messageId}>` },
    ...(e.inReplyTo ? [{ Name: "In-Reply-To", Value: `<${e.inReplyTo}>` }, { Name: "References", Value: `<${e.inReplyTo}>` }] : []),
  ];
  const payload = {
    FromName: "Alex Example",
    MessageStream: "inbound",
    From: e.from,
    FromFull: { Email: e.from, Name: "Alex Example", MailboxHash: "" },
    To: TO,
    ToFull: [{ Email: TO, Name: "", MailboxHash: "" }],
    Cc: "",
    CcFull: [],
    OriginalRecipient: TO,
    Subject: e.subject,
    // Postmark's own id for this message: stable across its retries of one delivery.
    MessageID: `pm-${e.messageId}`,
    Date: "Mon, 07 Dec 2026 12:00:00 +0000",
    TextBody: "Hello, the face check fails on my new phone. My ID is attached.",
    HtmlBody: "",
    Headers: headers,
    Attachments: e.attachments.map((a) => ({ Name: a.fileName, ContentType: a.contentType, Content: a.bytes.toString("base64"), ContentLength: a.bytes.length, ContentID: "" })),
  };
  return new Request("http://127.0.0.1:3000/api/inbound/postmark", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: edge.postmarkAuth, "x-forwarded-for": "192.0.2.26" },
    body: JSON.stringify(payload),
  });
}

const timeout = (ms: number) => new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms).unref());

/** Delivers until a 2xx answer, like a provider: backoff 0.5 s doubling to 8 s, give up after `giveUpMs`. */
async function deliver(edge: Edge, d: Delivery, t0: number, events: EdgeEvent[], giveUpMs: number): Promise<DeliveryResult> {
  const refusals: Record<string, number> = {};
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    let outcome: string;
    try {
      const handler = d.route === "mime" ? edge.mime : edge.postmark;
      const res = await Promise.race([handler(request(edge, d), { params: Promise.resolve({}) }), timeout(30_000)]);
      if (res !== "timeout" && res.ok) {
        const body = (await res.json()) as { id: string; duplicate: boolean };
        events.push({ at: Date.now() - t0, ok: true, route: d.route });
        return { delivery: d, status: res.status, id: body.id, duplicate: body.duplicate, attempts: attempt, refusals, acceptedAt: Date.now() - t0 };
      }
      if (res === "timeout") outcome = "timeout";
      else {
        // 4xx answers name their reason (a replayed signature, …): keep it in the figures.
        const body = (await res.json().catch(() => null)) as { error?: { details?: { reason?: unknown } } } | null;
        const reason = res.status < 500 ? body?.error?.details?.reason : undefined;
        outcome = typeof reason === "string" ? `${res.status} ${reason}` : String(res.status);
      }
    } catch {
      outcome = "threw";
    }
    refusals[outcome] = (refusals[outcome] ?? 0) + 1;
    events.push({ at: Date.now() - t0, ok: false, route: d.route });
    if (Date.now() - started > giveUpMs) throw new Error(`delivery of ${d.email.messageId} still refused after ${attempt} attempts: ${JSON.stringify(refusals)}`);
    const backoff = Math.min(8_000, 500 * 2 ** Math.min(attempt - 1, 4));
    await new Promise((r) => setTimeout(r, backoff * (0.75 + Math.random() * 0.5)));
  }
}

/** Runs every delivery at its planned time, at most `parallel` in flight, each retried until accepted. */
export async function runBurst(edge: Edge, deliveries: Delivery[], opts: { parallel: number; t0: number; giveUpMs: number; events: EdgeEvent[] }): Promise<DeliveryResult[]> {
  const queue = [...deliveries].sort((a, b) => a.at - b.at);
  const results: DeliveryResult[] = [];
  let next = 0;
  const lane = async () => {
    while (next < queue.length) {
      const d = queue[next++];
      const wait = opts.t0 + d.at - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      results.push(await deliver(edge, d, opts.t0, opts.events, opts.giveUpMs));
    }
  };
  await Promise.all(Array.from({ length: opts.parallel }, lane));
  return results;
}

export interface PlanInput {
  accounts: { id: string; email: string; photos: { front: Buffer; back: Buffer } }[];
  /** Emails per account (the first opens the case, the rest are replies). */
  perAccount: number;
  unknownSenders: number;
  duplicateRate: number;
  /** Deliveries are spread over this many ms. */
  spreadMs: number;
  /** Seeded, so a failing run can be repeated. */
  random: () => number;
}

/** Every account's emails (first one, then replies threaded under the previous), plus redeliveries. */
export function planBurst(p: PlanInput): { emails: PlannedEmail[]; deliveries: Delivery[] } {
  const emails: PlannedEmail[] = [];
  for (const a of p.accounts) {
    let previous: string | null = null;
    for (let i = 0; i < p.perAccount; i++) {
      const messageId = `fault.${randomUUID()}@mail.example.com`;
      const attachments: RawAttachment[] =
        i === 0
          ? [
              { fileName: "id-front.jpg", contentType: "image/jpeg", bytes: a.photos.front },
              { fileName: "id-back.jpg", contentType: "image/jpeg", bytes: a.photos.back },
            ]
          : [{ fileName: i % 2 ? "id-back-again.jpg" : "id-front-again.jpg", contentType: "image/jpeg", bytes: i % 2 ? a.photos.back : a.photos.front }];
      emails.push({ messageId, from: a.email, accountId: a.id, subject: i === 0 ? "ID photos for my new phone" : "Re: ID photos for my new phone", inReplyTo: previous, attachments });
      previous = messageId;
    }
  }
  for (let i = 0; i < p.unknownSenders; i++) {
    const photos = p.accounts[i % p.accounts.length].photos;
    emails.push({
      messageId: `fault.${randomUUID()}@elsewhere.example.net`,
      from: `stranger-${i}@elsewhere.example.net`,
      accountId: null,
      subject: "my id",
      inReplyTo: null,
      attachments: [{ fileName: "id.jpg", contentType: "image/jpeg", bytes: photos.front }],
    });
  }
  // Shuffle, but keep each account's emails in order (a reply is sent after what it answers).
  const order = emails.map((e) => ({ e, k: p.random() }));
  const byAccount = new Map<string, number[]>();
  order.forEach((o, i) => {
    const key = o.e.accountId ?? o.e.messageId;
    byAccount.set(key, [...(byAccount.get(key) ?? []), i]);
  });
  for (const idx of byAccount.values()) {
    const ks = idx.map((i) => order[i].k).sort((a, b) => a - b);
    idx.forEach((i, j) => (order[i].k = ks[j]));
  }
  const deliveries: Delivery[] = order.map(({ e, k }) => ({ email: e, route: p.random() < 0.25 ? "postmark" : "mime", duplicate: false, at: Math.round(k * p.spreadMs) }));
  for (const d of [...deliveries]) {
    if (p.random() >= p.duplicateRate) continue;
    // The same delivery again a little later, half of them through the other route.
    const route: Route = p.random() < 0.5 ? d.route : d.route === "mime" ? "postmark" : "mime";
    deliveries.push({ email: d.email, route, duplicate: true, at: Math.min(p.spreadMs, d.at + Math.round(p.random() * 20_000)) });
  }
  return { emails, deliveries };
}

/** A small seeded generator (mulberry32, shared with the email fixtures). */
export const seeded = rng;
