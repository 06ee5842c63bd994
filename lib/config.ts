import "dotenv/config";
import { z } from "zod";

// The only reader of process.env (eslint bans it elsewhere). Every setting has a loopback default,
// documented in .env.example, so the product runs with no .env at all.

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .transform((v) => v === "true" || v === "1");

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  APP_URL: z.url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: z.string().default("postgresql://postgres@127.0.0.1:5432/gatehouse"),
  SHADOW_DATABASE_URL: z.string().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(10),

  REDIS_URL: z.string().default("redis://127.0.0.1:6379/0"),
  /// Prefix for every Redis key and BullMQ queue, so several deployments or test runs share one Redis.
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default("gh"),

  S3_ENDPOINT: z.string().default("http://127.0.0.1:4569"),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().default("S3RVER"),
  S3_SECRET_ACCESS_KEY: z.string().default("S3RVER"),
  S3_FORCE_PATH_STYLE: bool.default(true),
  /// Set to false only against AWS S3 itself; every other S3-compatible server needs WHEN_REQUIRED.
  S3_CHECKSUMS_WHEN_REQUIRED: bool.default(true),
  S3_BUCKET_INBOUND: z.string().default("gatehouse-inbound"),
  S3_BUCKET_DOCUMENTS: z.string().default("gatehouse-documents"),
  S3_BUCKET_EXPORTS: z.string().default("gatehouse-exports"),
  S3_BUCKET_AUDIT: z.string().default("gatehouse-audit-anchors"),
  /// Local S3 server (s3rver) data directory, used by `npm run up` only.
  S3_LOCAL_DIR: z.string().default(".data/s3"),
  PRESIGN_TTL_SECONDS: z.coerce.number().int().min(1).max(60).default(60),

  AUTH_SECRET: z.string().min(32).default("dev-only-auth-secret-change-me-in-production-0000"),
  /// Staff sessions: idle and absolute lifetimes, and how long a step-up confirmation lasts.
  SESSION_IDLE_SECONDS: z.coerce.number().int().min(5).default(900),
  SESSION_ABSOLUTE_SECONDS: z.coerce.number().int().min(60).default(12 * 3600),
  STEP_UP_SECONDS: z.coerce.number().int().min(30).default(300),
  /// Brute force: failed sign-ins per account (then a lockout of the same length) and per IP.
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(10).default(900),
  SIGN_IN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  /// Reverse proxies in front of the app that append to X-Forwarded-For (TLS terminator, load balancer).
  /// The client address (per-IP sign-in limit, audit) is the N-th entry from the right; 0 or 1: the right-most.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  API_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).default(90),
  /// Optional single sign-on through any OpenID Connect provider (Okta, Entra ID, Google Workspace).
  /// Staff must already exist (matched by verified email); TOTP is still required after it.
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().default("Single sign-on"),
  /// Only for a provider that never sends the email_verified claim but verifies every address itself;
  /// otherwise a sign-in whose email_verified is not true is refused.
  AUTH_OIDC_TRUST_UNVERIFIED_EMAIL: bool.default(false),
  /// Keyed hash of ID documents (type + country + number); shared with the identity service.
  ID_FINGERPRINT_KEY: z.string().min(16).default("dev-only-id-fingerprint-key-0000"),
  INBOUND_MIME_SECRET: z.string().min(16).default("dev-only-inbound-mime-secret-0000"),
  IDENTITY_EVENTS_SECRET: z.string().min(16).default("dev-only-identity-events-secret-0000"),

  /// Email intake (lib/intake). Each provider's webhook credentials; dev defaults are refused in production.
  INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).default(40 * 1024 * 1024),
  INBOUND_TIMESTAMP_TOLERANCE_SECONDS: z.coerce.number().int().min(1).default(300),
  POSTMARK_INBOUND_USERNAME: z.string().min(1).default("postmark"),
  POSTMARK_INBOUND_PASSWORD: z.string().min(16).default("dev-only-postmark-inbound-0000"),
  MAILGUN_SIGNING_KEY: z.string().min(16).default("dev-only-mailgun-signing-key-0000"),
  SENDGRID_INBOUND_USERNAME: z.string().min(1).default("sendgrid"),
  SENDGRID_INBOUND_PASSWORD: z.string().min(16).default("dev-only-sendgrid-inbound-0000"),
  /// Base64 (DER/SPKI) ECDSA P-256 public key of SendGrid's signed webhooks; when set, the signature is required.
  SENDGRID_PUBLIC_KEY: z.string().optional(),
  /// Our receiving servers' authserv-ids (comma-separated): only Authentication-Results headers they
  /// added are trusted for SPF/DKIM/DMARC. Empty: the topmost header is trusted (the provider's).
  INBOUND_AUTHSERV_IDS: z.string().default("").transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
  INTAKE_MAX_ATTACHMENT_BYTES: z.coerce.number().int().min(1024).default(15 * 1024 * 1024),
  INTAKE_MAX_ATTACHMENTS: z.coerce.number().int().min(1).default(10),
  INTAKE_MAX_PIXELS: z.coerce.number().int().min(1_000_000).default(50_000_000),
  /// Outbound email to customers: an SMTP relay (dev and tests: the local sink, scripts/smtp-sink.ts).
  SMTP_URL: z.string().default("smtp://127.0.0.1:2525"),
  /// Our address: customers write to it, replies come from it (support+GH-000123@… threads a case).
  MAIL_FROM_ADDRESS: z.email().default("support@gatehouse.test"),
  MAIL_FROM_NAME: z.string().default("Gatehouse Support"),
  AUTO_REPLY_MAX_PER_DAY: z.coerce.number().int().min(0).default(5),

  /// Devices (lib/devices): with no login for this many days an authorised device expires.
  DEVICE_EXPIRY_DAYS: z.coerce.number().int().min(1).default(30),
  /** Review queue: an open case within this many minutes of its SLA due time shows as "due soon". */
  CASE_SLA_WARNING_MINUTES: z.coerce.number().int().min(1).default(30),
  /** Supervisors may reopen a decided case for this many hours after the decision. */
  CASE_REOPEN_WINDOW_HOURS: z.coerce.number().int().min(1).default(72),
  /** Review queue: the views' shared counts are recounted at most this often (seconds; 0 = on every load). */
  QUEUE_COUNTS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /** Auto-assignment (lib/cases/auto-assign.ts): the scheduler gives cases to opted-in staff who are online. Off: nobody is given any. */
  AUTO_ASSIGN_ENABLED: bool.default(false),
  /** Auto-assignment gives a member a case only while they hold fewer than this many cases in IN_REVIEW or ESCALATED. */
  AUTO_ASSIGN_MAX_OPEN: z.coerce.number().int().min(1).max(50).default(1),
  /// Identity-service events: largest batch, and how long an ingested event id is remembered (it always is: rows).
  IDENTITY_EVENTS_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(1000),
  /// Webhooks to the identity service (lib/webhooks): give up after this many hours of retries.
  WEBHOOK_MAX_RETRY_HOURS: z.coerce.number().int().min(1).default(24),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /// Allow webhook endpoints on private / loopback addresses (the local simulator). Never in production.
  WEBHOOK_ALLOW_PRIVATE_TARGETS: bool.default(false),
  /// The local identity-service simulator (scripts/identity-sim.ts) that npm run up starts.
  IDENTITY_SIM_PORT: z.coerce.number().int().min(1).max(65535).default(4580),

  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(500),
  OUTBOX_BATCH: z.coerce.number().int().min(1).max(1000).default(200),
  /// Published outbox rows older than this are deleted by the scheduler.
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  /// Audit export over HTTP streams at most this many entries; larger ranges go to POST /api/v1/exports (a background job).
  AUDIT_EXPORT_STREAM_MAX_ROWS: z.coerce.number().int().min(1).default(100_000),
  /// Background exports: how long the file is kept, and how long a download link lives (≤ 60 s: personal data).
  EXPORT_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  EXPORT_LINK_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
  /// ID photos are purged this many days after a case is decided (hashes, decision and audit stay); legal holds block it.
  DOCUMENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  /// Inbound emails no case claimed (unmatched, failed, processed without a case) are purged this many days after receipt; legal holds on their account block it.
  INBOUND_UNLINKED_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /// The case viewer stamps each served ID photo with the viewer's id; download (Content-Disposition attachment) is off unless enabled.
  DOCUMENT_WATERMARK: bool.default(true),
  DOCUMENT_DOWNLOAD_ENABLED: bool.default(false),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(10),
  /// Lets a production build (npm run up) start with the development secrets above. Never in a real deployment.
  ALLOW_DEV_SECRETS: bool.default(false),
});

export type Config = z.infer<typeof configSchema>;

function load(): Config {
  const parsed = configSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment settings:\n${lines.join("\n")}`);
  }
  const cfg = parsed.data;
  // `next build` imports route modules to collect page data; secrets are checked when the server
  // (or a worker) starts, not while building an image that has none.
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (cfg.NODE_ENV === "production" && !building) {
    for (const key of ["AUTH_SECRET", "ID_FINGERPRINT_KEY", "INBOUND_MIME_SECRET", "IDENTITY_EVENTS_SECRET", "POSTMARK_INBOUND_PASSWORD", "MAILGUN_SIGNING_KEY", "SENDGRID_INBOUND_PASSWORD"] as const) {
      if (cfg[key].startsWith("dev-only-") && !cfg.ALLOW_DEV_SECRETS) {
        throw new Error(`${key} still has its development default; set a real secret in production`);
      }
    }
  }
  return cfg;
}

export const config: Config = load();

// This product targets Node 20 (the machines it runs on); the AWS SDK's notice that releases after
// January 2027 need Node 22 is known and tracked, not a runtime problem: keep it out of every log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// The app's public address. On loopback it is "localhost", never 127.0.0.1: Next reports every
// loopback request as localhost (NextURL), so Auth.js builds OIDC redirect URIs and cookies for
// localhost — the address the browser uses must be the same site.
const loopback = ["127.0.0.1", "::1", "[::1]", "localhost"].includes(config.HOST);
export const appUrl = config.APP_URL ?? `http://${loopback ? "localhost" : config.HOST}:${config.PORT}`;

// Auth.js builds its callback and redirect URLs from AUTH_URL (or else from the request).
process.env.AUTH_URL ??= `${appUrl}/api/auth`;

export const buckets = {
  inbound: config.S3_BUCKET_INBOUND,
  documents: config.S3_BUCKET_DOCUMENTS,
  exports: config.S3_BUCKET_EXPORTS,
  audit: config.S3_BUCKET_AUDIT,
} as const;
export type BucketName = keyof typeof buckets;
