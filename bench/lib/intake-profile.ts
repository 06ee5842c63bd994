// Where an inbound email's time goes, stage by stage, timed in this process through the same lib/
// functions the web server and the intake worker run, one email at a time on an otherwise idle
// machine (the web server and workers are stopped by then; the S3 server and PostgreSQL are the
// run's own). Wall time and CPU per stage: this process's CPU (every thread, so libvips' too) and,
// for stages that call a service, the S3 server's and PostgreSQL's.
import { createHash, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { findExisting, recordInbound } from "../../lib/intake/edge/record-inbound";
import { mime as mimeAdapter } from "../../lib/intake/edge/providers/mime";
import { readCappedBody } from "../../lib/intake/edge/read-body";
import { edgeSettings } from "../../lib/intake/edge/settings";
import { parseInbound } from "../../lib/intake/parse";
import { commitInboundEmail } from "../../lib/intake/process/commit";
import { storeDocuments } from "../../lib/intake/process/documents";
import { prepareInboundEmail } from "../../lib/intake/process/prepare";
import { similarStoredPhotos } from "../../lib/intake/process/reuse";
import { vetParts } from "../../lib/intake/vetting";
import { dHash, normalizeImage, readHeader } from "../../lib/intake/vetting/image";
import { sniff } from "../../lib/intake/vetting/sniff";
import { config } from "../../lib/config";
import type { Db } from "../../lib/db";
import { getBytes, putBytes } from "../../lib/storage";
import type { OutgoingEmail } from "./intake-mail";
import { percentile, sortedCopy } from "./load";
import type { ProcessMonitor } from "./processes";

export interface StageTiming {
  stage: string;
  /** What the stage is, in a few words. */
  what: string;
  wallMs: number[];
  cpuMs: number[];
  s3CpuMs: number[];
  pgCpuMs: number[];
  /** Part of the sum (the stages that make up the pipeline), or a breakdown / cross-check row. */
  inSum: boolean;
}

export class StageClock {
  readonly stages = new Map<string, StageTiming>();
  /** While true, stages run but are not recorded (a warm-up email: JIT, connections, query plans). */
  discard = false;
  constructor(private readonly monitor: ProcessMonitor) {}

  async time<T>(stage: string, what: string, fn: () => Promise<T>, inSum = true): Promise<T> {
    if (this.discard) return fn();
    const m0 = this.monitor.mark();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await fn();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const use = this.monitor.since(m0);
    const tickMs = use.wallMs; // since() reports cores; cores × wall = CPU ms
    let s = this.stages.get(stage);
    if (!s) this.stages.set(stage, (s = { stage, what, wallMs: [], cpuMs: [], s3CpuMs: [], pgCpuMs: [], inSum }));
    s.wallMs.push(wall);
    s.cpuMs.push((cpu.user + cpu.system) / 1000);
    s.s3CpuMs.push((use.groups.s3 ?? 0) * tickMs);
    s.pgCpuMs.push((use.groups.postgres ?? 0) * tickMs);
    return out;
  }
}

export const median = (xs: number[]) => percentile(sortedCopy(xs), 50);

/**
 * The edge, in process: what receiveInbound does for one raw MIME delivery (lib/intake/edge), stage
 * by stage. The body arrives from memory here, not from a socket through Next's request adapter.
 */
export async function profileEdge(clock: StageClock, emails: OutgoingEmail[]): Promise<void> {
  const settings = edgeSettings();
  const request = { requestId: `bench-${randomUUID()}` };
  for (const email of emails) {
    const body = Buffer.concat(email.chunks());
    const req = new Request("http://127.0.0.1/api/inbound/mime", {
      method: "POST",
      headers: { "content-type": "message/rfc822", "content-length": String(body.length), "x-gatehouse-signature": email.signature },
      body: new Uint8Array(body),
    });
    const raw = await clock.time("edge: read body", "stream the request body into one Buffer (readCappedBody)", () => readCappedBody(req, settings.maxBytes, { requestId: request.requestId }));
    const verified = await clock.time("edge: authenticate", "HMAC-SHA256 over the body, header checks, replay claim in Redis", () =>
      mimeAdapter.authenticate({ raw, headers: req.headers, contentType: "message/rfc822", nowMs: Date.now(), settings }),
    );
    const [sha256] = await clock.time("edge: duplicate check + SHA-256", "findExisting (one SELECT) while WebCrypto hashes the body on the thread pool", () =>
      Promise.all([crypto.subtle.digest("SHA-256", raw).then((d) => Buffer.from(d).toString("hex")), findExisting(verified.envelope)]),
    );
    const stored = await clock.time("edge: S3 put raw", "putBytes: PUT of the raw body to the quarantine prefix (its SHA-256, from the read, is the SigV4 payload hash)", () =>
      putBytes("inbound", `quarantine/raw/${randomUUID()}.eml`, raw, "message/rfc822", { sha256 }),
    );
    await clock.time("edge: DB transaction", "recordInbound: InboundEmail + outbox row + audit entry, one transaction", () => recordInbound(verified.envelope, stored, request));
  }
}

/**
 * The worker, in process, for InboundEmails already stored (raw in S3, row RECEIVED, no outbox row):
 * first each stage of prepareInboundEmail on its own (the same functions, in its order; objects are
 * written under the same deterministic keys the real run overwrites), then the real
 * prepareInboundEmail (claim included) and commitInboundEmail as a cross-check and for the
 * transaction.
 */
export async function profileProcessing(clock: StageClock, inboundEmailIds: string[], db: Db): Promise<void> {
  for (const id of inboundEmailIds) {
    const row = await db.inboundEmail.findUniqueOrThrow({ where: { id }, select: { rawKey: true, rawContentType: true, provider: true } });
    const raw = await clock.time("S3 get raw", "getBytes: the stored raw message", () => getBytes("inbound", row.rawKey));
    const parsed = await clock.time("parse (mailparser)", "parseInbound: MIME → headers, text, attachment Buffers", () =>
      parseInbound(row.provider, raw, row.rawContentType ?? "message/rfc822", { trustedAuthServIds: config.INBOUND_AUTHSERV_IDS }),
    );
    const vetted = await clock.time("vet attachments (sharp)", "vetParts: sniff, SHA-256, header, decode + re-encode + thumbnail + dHash, per photo", () => vetParts(parsed.parts));
    for (const part of parsed.parts) {
      await clock.time("  · sniff type (file-type)", "per photo: magic bytes", () => sniff(part.content), false);
      await clock.time("  · SHA-256", "per photo", async () => createHash("sha256").update(part.content).digest("hex"), false);
      await clock.time("  · read header (sharp metadata)", "per photo: dimensions, no decode", () => readHeader(part.content, config.INTAKE_MAX_PIXELS), false);
      await clock.time("  · full-size decode alone", "per photo: the 12 MP JPEG to raw pixels (what normalizeImage starts with)", () => sharp(part.content, { limitInputPixels: config.INTAKE_MAX_PIXELS }).raw().toBuffer(), false);
      const n = await clock.time("  · normalizeImage", "per photo: decode 12 MP, rotate, resize to 2400 px, JPEG q85; thumbnail; dHash", () => normalizeImage(part.content, config.INTAKE_MAX_PIXELS), false);
      await clock.time("  · of which dHash", "per photo: greyscale 9×8 of the 320 px thumbnail", () => dHash(n.thumbnail, config.INTAKE_MAX_PIXELS), false);
    }
    const stored = await clock.time("S3 put documents", "storeDocuments: original + normalised + thumbnail per part", () => storeDocuments(id, parsed.parts, vetted));
    await clock.time("reuse candidates", "similarStoredPhotos: dHash neighbours query (+ thumbnails of candidates)", () =>
      similarStoredPhotos(stored.map((d, i) => ({ id: d.id, perceptualHash: d.verdict === "ACCEPTED" ? d.perceptualHash : null, thumbnail: vetted[i].thumbnail }))),
    );
    const prepared = await clock.time("= prepareInboundEmail (real)", "the real function: claim + every stage above, once more", () => prepareInboundEmail(id), false);
    if (prepared.kind !== "ready") throw new Error(`profile: email ${id} was not ready to process (${prepared.kind})`);
    const result = await clock.time("DB transaction (commit)", "commitInboundEmail: match, case, documents, events, reply + outbox, audit", () => commitInboundEmail(prepared.prepared));
    if (result.status !== "PROCESSED") throw new Error(`profile: email ${id} ended ${result.status}`);
  }
}
