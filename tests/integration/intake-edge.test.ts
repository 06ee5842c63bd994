// The inbound email edge against the real services: route handlers called directly, rows in
// Postgres, replay cache and rate limit in Redis, raw payloads in the local S3 server.
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POST as mailgunRoute } from "@/app/api/inbound/mailgun/route";
import { POST as mimeRoute } from "@/app/api/inbound/mime/route";
import { POST as postmarkRoute } from "@/app/api/inbound/postmark/route";
import { POST as sendgridRoute } from "@/app/api/inbound/sendgrid/route";
import { buckets, config } from "@/lib/config";
import { db } from "@/lib/db";
import { inboundAuthLimit, receiveInbound } from "@/lib/intake/edge";
import { claimOnce, releaseClaims } from "@/lib/intake/edge/replay-cache";
import { sharedRedis } from "@/lib/queue/connection";
import { getBytes, s3 } from "@/lib/storage";
import {
  eml,
  mailgun,
  mailgunSignature,
  mime,
  mimeSignature,
  multipart,
  newMessageId,
  postmark,
  postmarkPayload,
  sendgrid,
  tinyJpeg,
  toRequest,
  unixNow,
  type InboundRequest,
} from "../support/inbound";

afterAll(async () => {
  await db.$disconnect();
  await sharedRedis().quit();
});

type Route = (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;
const routes: Record<string, Route> = {
  "/api/inbound/postmark": postmarkRoute,
  "/api/inbound/mailgun": mailgunRoute,
  "/api/inbound/sendgrid": sendgridRoute,
  "/api/inbound/mime": mimeRoute,
};

// Each request comes from its own address unless a test says otherwise, so the per-IP limit on
// failed authentications only bites where it is under test.
let ipSeq = 0;
const nextIp = () => `198.51.${100 + Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

async function send(r: InboundRequest, opts: { ip?: string; headers?: Record<string, string> } = {}) {
  const res = await routes[r.path](toRequest(r, { headers: { "x-forwarded-for": opts.ip ?? nextIp(), ...opts.headers } }), { params: Promise.resolve({}) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { id?: string; duplicate?: boolean; error?: { code: string; message: string; details?: Record<string, unknown> } } };
}

async function rawKeys(): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: buckets.inbound, Prefix: "quarantine/raw/" }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function snapshot() {
  return { emails: await db.inboundEmail.count(), outbox: await db.outboxMessage.count(), audit: await db.auditEntry.count(), objects: (await rawKeys()).length };
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** The delivery was accepted and stored exactly as sent, with its outbox row and audit entry. */
async function expectStored(r: InboundRequest, res: Awaited<ReturnType<typeof send>>, want: { provider: string; providerMessageId: string; messageId: string | null; ext: string; contentType?: string }) {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.duplicate).toBe(false);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const row = await db.inboundEmail.findUniqueOrThrow({ where: { id: res.body.id! } });
  expect(row).toMatchObject({
    provider: want.provider,
    providerMessageId: want.providerMessageId,
    messageId: want.messageId,
    status: "RECEIVED",
    rawSize: r.body.length,
    rawSha256: sha256(r.body),
    rawContentType: want.contentType ?? r.headers["content-type"],
  });
  expect(row.rawKey).toMatch(new RegExp(`^quarantine/raw/[0-9a-f-]{36}\\.${want.ext}$`));
  expect((await getBytes("inbound", row.rawKey)).equals(r.body)).toBe(true);

  const outbox = await db.outboxMessage.findMany({ where: { jobName: "intake.process", payload: { equals: { inboundEmailId: row.id } } } });
  expect(outbox).toHaveLength(1);
  expect(outbox[0]).toMatchObject({ queue: "intake", dedupeKey: `intake.process__intake.process_${row.id}` });

  const audit = await db.auditEntry.findMany({ where: { action: "email.received", targetId: row.id } });
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actorType: "PROVIDER", actorId: want.provider.toLowerCase(), targetType: "inbound_email", data: { inboundEmailId: row.id, provider: want.provider, rawSize: r.body.length } });
  return row;
}

async function expectRefused(r: InboundRequest, status: number, code: string, reason?: string, opts: { ip?: string } = {}) {
  const before = await snapshot();
  const res = await send(r, opts);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error?.code).toBe(code);
  if (reason) expect(res.body.error?.details?.reason).toBe(reason);
  expect(res.body.error?.message.length).toBeGreaterThan(10);
  expect(await snapshot()).toEqual(before);
  return res;
}

beforeEach(() => {
  ipSeq += 1;
});

describe("inbound edge: each provider format is stored raw, then recorded", () => {
  it("Postmark JSON with base64 attachments", async () => {
    const messageId = newMessageId("pm");
    const providerId = randomUUID();
    const r = postmark({ payload: postmarkPayload({ providerId, messageId, attachments: [{ name: "front.jpg", type: "image/jpeg", content: await tinyJpeg(1) }] }) });
    await expectStored(r, await send(r), { provider: "POSTMARK", providerMessageId: providerId, messageId, ext: "json" });
  });

  it("Mailgun multipart with signature fields and a file part", async () => {
    const messageId = newMessageId("mg");
    const r = mailgun({ messageId, attachments: [{ name: "front.jpg", type: "image/jpeg", content: await tinyJpeg(2) }, { name: "back.jpg", type: "image/jpeg", content: await tinyJpeg(3) }] });
    await expectStored(r, await send(r), { provider: "MAILGUN", providerMessageId: messageId, messageId, ext: "multipart" });
  });

  it("Mailgun urlencoded (no attachments); without a Message-Id the token is the provider id", async () => {
    const token = `tok${randomUUID().replaceAll("-", "")}`;
    const r = mailgun({ messageId: null, token, urlencoded: true });
    await expectStored(r, await send(r), { provider: "MAILGUN", providerMessageId: token, messageId: null, ext: "form" });
  });

  it("SendGrid raw mode (the MIME in the email field)", async () => {
    const messageId = newMessageId("sg-raw");
    const r = sendgrid({ mode: "raw", messageId });
    await expectStored(r, await send(r), { provider: "SENDGRID", providerMessageId: messageId, messageId, ext: "multipart" });
  });

  it("SendGrid parsed mode (headers field + attachmentN)", async () => {
    const messageId = newMessageId("sg-parsed");
    const r = sendgrid({ mode: "parsed", messageId, attachments: [{ name: "front.jpg", type: "image/jpeg", content: await tinyJpeg(4) }] });
    await expectStored(r, await send(r), { provider: "SENDGRID", providerMessageId: messageId, messageId, ext: "multipart" });
  });

  it("raw MIME signed with X-Gatehouse-Signature (folded Message-ID header)", async () => {
    const messageId = newMessageId("mime");
    const r = mime({ messageId });
    await expectStored(r, await send(r), { provider: "MIME", providerMessageId: messageId, messageId, ext: "eml", contentType: "message/rfc822" });
  });

  it("raw MIME as application/octet-stream without a Message-ID: the body's SHA-256 is the provider id", async () => {
    const r = mime({ messageId: null, contentType: "application/octet-stream" });
    await expectStored(r, await send(r), { provider: "MIME", providerMessageId: sha256(r.body), messageId: null, ext: "eml", contentType: "message/rfc822" });
  });
});

describe("inbound edge: duplicate deliveries create nothing new", () => {
  it("the same Postmark delivery twice", async () => {
    const r = postmark();
    const first = await send(r);
    expect(first.status).toBe(200);
    const before = await snapshot();
    const again = await send(r);
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, duplicate: true } });
    expect(await snapshot()).toEqual(before);
  });

  it("the same Message-ID through another provider", async () => {
    const messageId = newMessageId("cross");
    const first = await send(postmark({ payload: postmarkPayload({ messageId }) }));
    expect(first.status).toBe(200);
    const before = await snapshot();
    for (const r of [mime({ messageId }), mailgun({ messageId }), sendgrid({ messageId })]) {
      expect(await send(r)).toMatchObject({ status: 200, body: { id: first.body.id, duplicate: true } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("racing redeliveries (new Mailgun token each time) leave one row and one stored object", async () => {
    const messageId = newMessageId("race");
    const before = await snapshot();
    const results = await Promise.all(Array.from({ length: 6 }, () => send(mailgun({ messageId }))));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    expect(await snapshot()).toEqual({ emails: before.emails + 1, outbox: before.outbox + 1, audit: before.audit + 1, objects: before.objects + 1 });
  });
});

describe("inbound edge: authentication comes first, and refusals store nothing", () => {
  it("Postmark: wrong or missing Basic credentials (with a challenge header)", async () => {
    const wrong = await expectRefused(postmark({ password: "not-the-password-at-all" }), 401, "UNAUTHENTICATED", "wrong_credentials");
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    await expectRefused(postmark({ username: "someone-else" }), 401, "UNAUTHENTICATED", "wrong_credentials");
    await expectRefused(postmark({ password: null }), 401, "UNAUTHENTICATED", "missing_credentials");
  });

  it("SendGrid: wrong Basic credentials", async () => {
    await expectRefused(sendgrid({ password: "not-the-password-at-all" }), 401, "UNAUTHENTICATED", "wrong_credentials");
    await expectRefused(sendgrid({ password: null }), 401, "UNAUTHENTICATED", "missing_credentials");
  });

  it("Basic credentials are checked before the body is read", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const req = new Request("http://127.0.0.1:3000/api/inbound/postmark", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from("postmark:wrong-password-123456").toString("base64")}` },
      body,
      duplex: "half",
    } as RequestInit);
    const res = await postmarkRoute(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(401);
    expect(pulled).toBeLessThanOrEqual(1); // at most the stream's own read-ahead
  });

  it("Mailgun: forged, missing, stale and replayed signatures", async () => {
    await expectRefused(mailgun({ signingKey: "some-other-signing-key-0000" }), 401, "UNAUTHENTICATED", "bad_signature");
    await expectRefused(mailgun({ signature: "zz" }), 401, "UNAUTHENTICATED", "bad_signature");
    await expectRefused(mailgun({ signature: null }), 401, "UNAUTHENTICATED", "missing_signature");
    const stale = await expectRefused(mailgun({ timestamp: unixNow() - config.INBOUND_TIMESTAMP_TOLERANCE_SECONDS - 60 }), 401, "UNAUTHENTICATED", "stale_timestamp");
    expect(stale.body.error?.details?.toleranceSeconds).toBe(config.INBOUND_TIMESTAMP_TOLERANCE_SECONDS);
    await expectRefused(mailgun({ timestamp: unixNow() + config.INBOUND_TIMESTAMP_TOLERANCE_SECONDS + 60 }), 401, "UNAUTHENTICATED", "stale_timestamp");

    // A captured token + signature attached to another message (the signature does not cover it).
    const token = `tok${randomUUID().replaceAll("-", "")}`;
    const timestamp = unixNow();
    const first = await send(mailgun({ token, timestamp }));
    expect(first.status).toBe(200);
    await expectRefused(mailgun({ token, timestamp, messageId: newMessageId("replay") }), 401, "UNAUTHENTICATED", "replayed");
    expect(mailgunSignature(String(timestamp), token)).toHaveLength(64);
  });

  it("MIME: forged, missing, malformed, stale and replayed signatures", async () => {
    const r = mime();
    // Signed over other bytes, or with another secret.
    await expectRefused({ ...r, headers: { ...r.headers, "x-gatehouse-signature": mimeSignature(unixNow(), eml(newMessageId("other"))) } }, 401, "UNAUTHENTICATED", "bad_signature");
    await expectRefused(mime({ secret: "another-secret-entirely-0000" }), 401, "UNAUTHENTICATED", "bad_signature");
    await expectRefused(mime({ signature: null }), 401, "UNAUTHENTICATED", "missing_signature");
    await expectRefused(mime({ signature: "sha256=abcdef" }), 401, "UNAUTHENTICATED", "malformed_signature");
    await expectRefused(mime({ t: unixNow() - config.INBOUND_TIMESTAMP_TOLERANCE_SECONDS - 60 }), 401, "UNAUTHENTICATED", "stale_timestamp");

    // The identical signed request again: refused as a replay.
    const once = mime();
    expect((await send(once)).status).toBe(200);
    await expectRefused(once, 401, "UNAUTHENTICATED", "replayed");
  });

  it("MIME: several v1 values (secret rotation) pass when one matches", async () => {
    const body = eml(newMessageId("rotation"));
    const t = unixNow();
    const good = mimeSignature(t, body);
    const old = mimeSignature(t, body, "the-previous-secret-000000").split(",")[1];
    const res = await send(mime({ body, signature: `${good.split(",")[0]},${old},${good.split(",")[1]}` }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  describe("SendGrid signed Inbound Parse (ECDSA P-256) when a public key is configured", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const settings = { sendgrid: { username: config.SENDGRID_INBOUND_USERNAME, password: config.SENDGRID_INBOUND_PASSWORD, publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64") } };
    const receive = async (r: InboundRequest) => {
      const res = await receiveInbound("SENDGRID", toRequest(r, { headers: { "x-forwarded-for": nextIp() } }), { requestId: `it-${randomUUID()}` }, { settings });
      return { status: res.status, body: (await res.json()) as { id?: string; duplicate?: boolean; error?: { code: string; details?: { reason?: string } } } };
    };

    it("accepts a valid signature and refuses missing, forged, stale and replayed ones", async () => {
      const before = await snapshot();
      const signed = sendgrid({ sign: { privateKey } });
      expect((await receive(signed)).status).toBe(200);
      expect((await snapshot()).emails).toBe(before.emails + 1);

      const after = await snapshot();
      const refusals = [
        [sendgrid({}), "missing_signature"],
        [{ ...signed, body: Buffer.concat([signed.body.subarray(0, -4), Buffer.from("xx\r\n")]) }, "bad_signature"],
        [sendgrid({ sign: { privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey } }), "bad_signature"],
        [sendgrid({ sign: { privateKey, timestamp: unixNow() - 3600 } }), "stale_timestamp"],
        [signed, "replayed"],
      ] as const;
      for (const [r, reason] of refusals) {
        const res = await receive(r);
        expect(res.status, reason).toBe(401);
        expect(res.body.error?.details?.reason).toBe(reason);
      }
      expect(await snapshot()).toEqual(after);
    });
  });

  it("a replay claim given back (delivery not stored) lets the provider's retry through", async () => {
    const claim = await claimOnce("it-test", "value-1", 60);
    await expect(claimOnce("it-test", "value-1", 60)).rejects.toMatchObject({ code: "UNAUTHENTICATED", details: { reason: "replayed" } });
    await releaseClaims([claim]);
    await releaseClaims([claim]); // idempotent, and never removes someone else's claim
    const again = await claimOnce("it-test", "value-1", 60);
    expect(again.key).toBe(claim.key);
  });

  it("too many failed authentications from one address: 429 before credentials are looked at", async () => {
    const ip = "203.0.113.99";
    for (let i = 0; i < inboundAuthLimit.max; i++) {
      expect((await send(postmark({ password: "wrong-password-000000" }), { ip })).status).toBe(401);
    }
    const before = await snapshot();
    const limited = await send(postmark(), { ip }); // valid credentials, still refused
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
    expect((await send(postmark(), { ip: "203.0.113.100" })).status).toBe(200);
  });
});

describe("inbound edge: size, type and shape", () => {
  const MB = 1024 * 1024;

  it("a declared Content-Length over the cap: 413 before reading anything", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(MB));
      },
    });
    const r = mime();
    const req = new Request("http://127.0.0.1:3000/api/inbound/mime", {
      method: "POST",
      headers: { ...r.headers, "content-length": String(config.INBOUND_MAX_BYTES + 1) },
      body,
      duplex: "half",
    } as RequestInit);
    const before = await snapshot();
    const res = await mimeRoute(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThanOrEqual(1);
    expect(await snapshot()).toEqual(before);
  });

  it("a streamed (chunked) body over the cap: 413, and reading stops at the cap", async () => {
    const chunk = new Uint8Array(MB).fill(65);
    let sent = 0;
    let cancelled = false;
    const total = config.INBOUND_MAX_BYTES + 16 * MB; // 56 MB offered
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const r = mailgun();
    const req = new Request("http://127.0.0.1:3000/api/inbound/mailgun", { method: "POST", headers: r.headers, body, duplex: "half" } as RequestInit);
    const started = Date.now();
    const res = await mailgunRoute(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    await new Promise((resolve) => setTimeout(resolve, 20)); // cancellation reaches the source asynchronously
    expect(cancelled, `pulled ${sent} bytes`).toBe(true);
    expect(sent).toBeLessThanOrEqual(config.INBOUND_MAX_BYTES + 2 * MB);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a smaller cap (test setting) applies the same way", async () => {
    const r = postmark();
    // receiveInbound throws AppErrors other than 401/429; route() turns them into JSON.
    await expect(receiveInbound("POSTMARK", toRequest(r), { requestId: "it-small-cap" }, { settings: { maxBytes: 512 } })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      status: 413,
    });
  });

  it("a body shorter than its Content-Length (cut on the way) is refused, not stored", async () => {
    const r = mime();
    await expectRefused({ ...r, headers: { ...r.headers, "content-length": String(r.body.length + 100) } }, 400, "INVALID_INPUT");
  });

  it("wrong content types: 415", async () => {
    await expectRefused(postmark({ contentType: "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    const mg = mailgun();
    await expectRefused({ ...mg, headers: { ...mg.headers, "content-type": "application/json" } }, 415, "UNSUPPORTED_MEDIA_TYPE");
    const sg = sendgrid();
    await expectRefused({ ...sg, headers: { ...sg.headers, "content-type": "application/x-www-form-urlencoded" } }, 415, "UNSUPPORTED_MEDIA_TYPE");
    await expectRefused(mime({ contentType: "text/html" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    const none = mime();
    const { "content-type": _dropped, ...noType } = none.headers;
    await expectRefused({ ...none, headers: noType }, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("malformed bodies: 400", async () => {
    await expectRefused(postmark({ payload: '{"MessageID": "abc", ' }), 400, "INVALID_INPUT");
    await expectRefused(postmark({ payload: "[1,2,3]" }), 400, "INVALID_INPUT");
    await expectRefused(postmark({ payload: Buffer.alloc(0) }), 400, "INVALID_INPUT");
    const mg = mailgun();
    await expectRefused({ ...mg, headers: { "content-type": "multipart/form-data; boundary=not-the-boundary" } }, 400, "INVALID_INPUT");
    await expectRefused(mime({ body: Buffer.from("this is not an email\r\n\r\njust text") }), 400, "INVALID_INPUT");
  });

  it("no provider id extractable: 422", async () => {
    await expectRefused(postmark({ payload: postmarkPayload({ providerId: null }) }), 422, "UNPROCESSABLE");
    const { body, contentType } = multipart([["to", "support@gatehouse.test"], ["text", "hello"]]);
    const sg = sendgrid({ parts: [] });
    await expectRefused({ ...sg, headers: { ...sg.headers, "content-type": contentType }, body }, 422, "UNPROCESSABLE");
  });

  it("script and unicode in the subject are stored as sent (nothing is parsed here)", async () => {
    const r = postmark();
    const res = await send(r);
    expect(res.status).toBe(200);
    const row = await db.inboundEmail.findUniqueOrThrow({ where: { id: res.body.id! } });
    expect(row.subject).toBeNull();
    expect((await getBytes("inbound", row.rawKey)).toString("utf8")).toContain("<script>alert(1)</script> ✅");
  });
});
