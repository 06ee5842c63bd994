import "./authz/next-mocks";
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as consoleRoute } from "@/app/api/console/documents/[id]/image/route";
import { GET as apiRoute } from "@/app/api/v1/documents/[id]/image/route";
import { createApiTokenUnchecked } from "@/lib/auth/api-tokens";
import { sessionCookie } from "@/lib/auth/cookie";
import { config } from "@/lib/config";
import { db, type StaffRole } from "@/lib/db";
import { documentPolicy } from "@/lib/documents/policy";
import { viewDocumentImage } from "@/lib/documents/view-image";
import { sharedRedis } from "@/lib/queue/connection";
import { putBytes } from "@/lib/storage";
import { idPhotos } from "../support/intake-world";
import { requestScope } from "./authz/next-mocks";
import { makeSession, makeStaff } from "./support/staff";

afterAll(async () => {
  sharedRedis().disconnect();
  await db.$disconnect();
});

const request = { requestId: "req-documents-image", ip: "198.51.100.7", userAgent: "vitest" };
const policy = { watermark: false, downloadEnabled: false };

let front: Buffer;
let thumb: Buffer;
let caseId: string;
let accountId: string;
let inboundEmailId: string;

async function document(opts: { verdict?: "ACCEPTED" | "PREVIEW_UNAVAILABLE"; purgedAt?: Date; store?: boolean } = {}) {
  const id = randomUUID();
  const accepted = (opts.verdict ?? "ACCEPTED") === "ACCEPTED";
  const keys = { normalized: `normalized/${id}.jpg`, thumbnail: `thumbnails/${id}.jpg` };
  if (accepted && opts.store !== false) {
    await putBytes("documents", keys.normalized, front, "image/jpeg");
    await putBytes("documents", keys.thumbnail, thumb, "image/jpeg");
  }
  await db.document.create({
    data: {
      id,
      inboundEmailId,
      caseId,
      originalKey: `quarantine/originals/${id}`,
      normalizedKey: accepted ? keys.normalized : null,
      thumbnailKey: accepted ? keys.thumbnail : null,
      sha256: "c".repeat(64),
      sizeBytes: front.byteLength,
      sniffedType: accepted ? "image/jpeg" : "image/heic",
      side: "FRONT",
      verdict: opts.verdict ?? "ACCEPTED",
      purgedAt: opts.purgedAt,
    },
  });
  return id;
}

async function bearer(role: StaffRole): Promise<{ staffId: string; headers: Record<string, string> }> {
  const s = await makeStaff(role);
  const { token } = await createApiTokenUnchecked(undefined, { staffId: s.id, name: "viewer", expiresInDays: 1 }, { actor: { type: "SYSTEM", id: "test" }, via: "cli" });
  return { staffId: s.id, headers: { authorization: `Bearer ${token}` } };
}

const get = (id: string, query = "", headers: Record<string, string> = {}) =>
  apiRoute(new Request(`http://localhost/api/v1/documents/${id}/image${query}`, { headers }), { params: Promise.resolve({ id }) });

const views = (documentId: string) => db.auditEntry.findMany({ where: { action: "document.viewed", targetId: documentId }, orderBy: { seq: "asc" } });
const denials = (staffId: string) => db.auditEntry.findMany({ where: { action: "auth.denied", actorId: { startsWith: staffId } } });

beforeAll(async () => {
  ({ front } = await idPhotos("viewer"));
  thumb = await sharp(front).resize(320).jpeg({ quality: 80 }).toBuffer();
  const account = await db.account.create({ data: { uid: `U${randomUUID().slice(0, 8)}`, email: "viewer@mail.example.com", emailNormalized: "viewer@mail.example.com" } });
  accountId = account.id;
  const inbound = await db.inboundEmail.create({
    data: { provider: "POSTMARK", providerMessageId: `pm-${randomUUID()}`, rawKey: `quarantine/raw/${randomUUID()}.json`, rawSha256: "a".repeat(64), rawSize: 10, status: "PROCESSED", accountId },
  });
  inboundEmailId = inbound.id;
  caseId = (await db.reviewCase.create({ data: { accountId, slaDueAt: new Date(Date.now() + 3_600_000) } })).id;
});

beforeEach(() => {
  requestScope.cookies.clear();
  requestScope.headers = new Headers();
});

describe("GET /api/v1/documents/{id}/image", () => {
  it("serves an agent the watermarked JPEG, uncacheable, and audits the view once", async () => {
    const id = await document();
    const agent = await bearer("AGENT");
    const res = await get(id, "", agent.headers);
    expect(res.status).toBe(200);
    expect(Object.fromEntries(["content-type", "cache-control", "x-content-type-options", "cross-origin-resource-policy"].map((h) => [h, res.headers.get(h)]))).toEqual({
      "content-type": "image/jpeg",
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "cross-origin-resource-policy": "same-origin",
    });
    expect(res.headers.get("content-disposition")).toBe(`inline; filename="document-${id}.jpg"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect((await sharp(bytes).metadata()).format).toBe("jpeg");
    // Watermarked by default: not the stored bytes, and visibly different pixels.
    expect(bytes.equals(front)).toBe(false);
    const [a, b] = await Promise.all([sharp(front).raw().toBuffer(), sharp(bytes).raw().toBuffer()]);
    let changed = 0;
    for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i] - b[i]) > 24) changed++;
    expect(changed / (a.length / 3)).toBeGreaterThan(0.01);

    const rows = await views(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: "API_TOKEN", caseId, accountId, targetType: "Document", outcome: "SUCCESS" });
    expect(rows[0].data).toEqual({ documentId: id, caseId, variant: "image", watermarked: true, download: false });
  });

  it("serves the stored bytes unchanged when watermarking is off", async () => {
    const id = await document();
    const agent = await makeStaff("AGENT");
    const image = await viewDocumentImage({ type: "STAFF", id: agent.id, role: "AGENT" }, { documentId: id }, { request, policy });
    expect(image.bytes.equals(front)).toBe(true);
    expect((await views(id))[0].data).toMatchObject({ watermarked: false, variant: "image" });
  });

  it("serves the thumbnail variant", async () => {
    const id = await document();
    const agent = await bearer("SUPERVISOR");
    const res = await get(id, "?variant=thumbnail", agent.headers);
    expect(res.status).toBe(200);
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(320);
    expect((await views(id))[0].data).toMatchObject({ variant: "thumbnail" });
    expect((await get(id, "?variant=original", agent.headers)).status).toBe(400);
  });

  it("refuses an auditor (403, audited as auth.denied) and an anonymous caller (401)", async () => {
    const id = await document();
    const auditor = await bearer("AUDITOR");
    const res = await get(id, "", auditor.headers);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).not.toContain(id);
    const denied = await denials(auditor.staffId);
    expect(denied.map((d) => d.data)).toEqual([expect.objectContaining({ permission: "document.view" })]);
    expect((await get(id)).status).toBe(401);
    expect(await views(id)).toHaveLength(0);
  });

  it("answers 404 for unknown and malformed ids, 422 for purged or unconverted documents, and audits no view", async () => {
    const agent = await bearer("AGENT");
    expect((await get(randomUUID(), "", agent.headers)).status).toBe(404);
    expect((await get("not-a-uuid", "", agent.headers)).status).toBe(404);

    const purged = await document({ purgedAt: new Date("2026-01-02T00:00:00Z") });
    const res = await get(purged, "", agent.headers);
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: "UNPROCESSABLE", details: { reason: "purged" } });

    const heic = await document({ verdict: "PREVIEW_UNAVAILABLE" });
    const res2 = await get(heic, "?variant=thumbnail", agent.headers);
    expect(res2.status).toBe(422);
    expect((await res2.json()).error.details).toEqual({ reason: "not_accepted" });
    expect(await db.auditEntry.count({ where: { action: "document.viewed" , targetId: { in: [purged, heic] } } })).toBe(0);
  });

  it("answers 503 without an audit entry when the stored object is missing", async () => {
    const id = await document({ store: false });
    const res = await get(id, "", (await bearer("AGENT")).headers);
    expect(res.status).toBe(503);
    expect(await views(id)).toHaveLength(0);
  });

  it("refuses download by default (audited), and allows it only when the policy does", async () => {
    const id = await document();
    const agent = await bearer("AGENT");
    const res = await get(id, "?download=1", agent.headers);
    expect(res.status).toBe(403);
    expect((await res.json()).error.details).toEqual({ reason: "download_disabled" });
    expect((await denials(agent.staffId)).map((d) => d.targetId)).toEqual([id]);
    expect(await views(id)).toHaveLength(0);

    documentPolicy.downloadEnabled = true;
    try {
      const ok = await get(id, "?download=1", agent.headers);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-disposition")).toBe(`attachment; filename="document-${id}.jpg"`);
      expect((await views(id))[0].data).toMatchObject({ download: true });
    } finally {
      documentPolicy.downloadEnabled = false;
    }
  });
});

describe("GET /api/console/documents/{id}/image (session cookie)", () => {
  const call = (id: string, headers: Record<string, string> = {}) =>
    consoleRoute(new Request(`http://localhost/api/console/documents/${id}/image`, { headers }), { params: Promise.resolve({ id }) });

  async function signIn(role: StaffRole): Promise<string> {
    const s = await makeStaff(role);
    const { token } = await makeSession(s.id);
    requestScope.cookies.set(sessionCookie.name, await encode({ token: { sid: token }, secret: config.AUTH_SECRET, salt: sessionCookie.name }));
    return s.id;
  }

  it("serves a signed-in agent and audits the view as the staff member", async () => {
    const id = await document();
    const staffId = await signIn("AGENT");
    const res = await call(id, { "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await views(id)).toEqual([expect.objectContaining({ actorType: "STAFF", actorId: staffId })]);
  });

  it("refuses requests from other sites, anonymous callers and roles without document.view", async () => {
    const id = await document();
    await signIn("AGENT");
    expect((await call(id, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    requestScope.cookies.clear();
    expect((await call(id, { "sec-fetch-site": "same-origin" })).status).toBe(401);
    await signIn("ADMIN");
    expect((await call(id, { "sec-fetch-site": "same-origin" })).status).toBe(403);
    expect(await views(id)).toHaveLength(0);
  });

  it("serves only the console's own requests: a pasted URL (Sec-Fetch-Site: none) or no header is refused", async () => {
    const id = await document();
    await signIn("AGENT");
    for (const headers of [{ "sec-fetch-site": "none" }, { "sec-fetch-site": "same-site" }, {}] as Record<string, string>[]) {
      const res = await call(id, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error.code).toBe("FORBIDDEN");
    }
    expect(await views(id)).toHaveLength(0);
  });
});
