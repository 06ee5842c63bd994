// The processes and local servers the load scenario runs against, as `npm run up` runs them: the
// production build (`next start`), the outbox relay and the intake worker (which also delivers
// outbound email and webhooks) as their own processes, a local S3 server, and — in this process —
// an SMTP sink standing in for the relay and a webhook receiver standing in for the identity
// service (it verifies signatures and counts each webhook-id's arrivals).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { ParsedMail } from "mailparser";
import { config } from "../../lib/config";
import { createRedis } from "../../lib/queue/connection";
import { aliveWorkers } from "../../lib/queue/heartbeat";
import { ensureBuckets } from "../../lib/storage";
import { startSmtpSink, type SmtpSink } from "../../scripts/lib/smtp-sink";
import { startWebhookReceiver, type WebhookReceiver } from "../../tests/support/webhook-receiver";
import { freePort, waitForPort } from "./ports";
import { ProcessMonitor, startService, stopService, waitUntil, type Service } from "./processes";

export interface SinkStats {
  /** Message-IDs as received, one per SMTP delivery (repeats kept: at-least-once). */
  messageIds: string[];
  bySubject: Record<string, number>;
  lastAt: number;
}

export interface Stack {
  webPort: number;
  monitor: ProcessMonitor;
  services: Service[];
  sink: SmtpSink;
  sinkStats: SinkStats;
  receiver: WebhookReceiver;
  webhookSecret: string;
  runDir: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Source files newer than the build: the web server then runs older code than the workers (which run from source). */
export function staleBuild(): { builtAt: Date; newer: string[] } {
  const builtAt = fs.statSync(".next/BUILD_ID").mtime;
  const newer: string[] = [];
  const walk = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (!p.endsWith("generated")) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    } else if (/\.(ts|tsx|js|mjs)$/.test(p) && st.mtime > builtAt) newer.push(p);
  };
  for (const root of ["app", "lib", "components", "proxy.ts", "next.config.js"]) walk(root);
  return { builtAt, newer };
}

/** Deletes this run's Redis keys (its own prefix only) left by an earlier run. */
export async function clearRedisPrefix(prefix: string): Promise<number> {
  const redis = createRedis("worker");
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

const subjectKind = (s: string) => s.replace(/\s*\[GH-\d+\]\s*$/, "");

export async function startStack(opts: { runDir: string; log: (m: string) => void; onMail: (m: ParsedMail, to: string) => void }): Promise<Stack> {
  const { runDir, log } = opts;
  const s3Port = Number(new URL(config.S3_ENDPOINT).port);
  const smtpPort = Number(new URL(config.SMTP_URL).port);
  const webPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env, // the run's database, Redis prefix, S3 and SMTP
    NODE_ENV: "production",
    ALLOW_DEV_SECRETS: "true",
    HOST: "127.0.0.1",
    PORT: String(webPort),
    S3_LOCAL_DIR: path.join(runDir, "s3"),
    LOG_LEVEL: "info",
    WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
  };
  const monitor = new ProcessMonitor();
  const services: Service[] = [];
  const start = (name: string, command: string[]) => {
    const s = startService(name, command, { env, logFile: path.join(runDir, `${name}.log`) });
    services.push(s);
    monitor.watch(name, s.pid);
    return s;
  };

  const sinkStats: SinkStats = { messageIds: [], bySubject: {}, lastAt: 0 };
  const sink = await startSmtpSink({
    port: smtpPort,
    keep: false,
    onMessage: (m) => {
      sinkStats.messageIds.push(m.parsed.messageId ?? "");
      const kind = subjectKind(m.parsed.subject ?? "");
      sinkStats.bySubject[kind] = (sinkStats.bySubject[kind] ?? 0) + 1;
      sinkStats.lastAt = performance.now();
      opts.onMail(m.parsed, m.envelope.to[0] ?? "");
    },
  });
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const receiver = await startWebhookReceiver({ port: 0, secret: webhookSecret, keep: 10_000_000 });

  const stop = async () => {
    for (const s of [...services].reverse()) await stopService(s).catch(() => undefined);
    monitor.stop();
    await sink.close().catch(() => undefined);
    await receiver.close().catch(() => undefined);
  };
  try {
    log(`local S3 on 127.0.0.1:${s3Port}, SMTP sink on 127.0.0.1:${smtpPort}, webhook receiver on ${receiver.url}`);
    const node = process.execPath;
    start("s3", [node, "--import", "tsx", "scripts/s3-server.ts"]);
    await waitForPort(s3Port, 30_000);
    await ensureBuckets();
    const cleared = await clearRedisPrefix(config.REDIS_PREFIX);
    if (cleared) log(`cleared ${cleared} key(s) under ${config.REDIS_PREFIX} from an earlier run`);

    const web = start("web", [node, "node_modules/next/dist/bin/next", "start", "-p", String(webPort), "-H", "127.0.0.1"]);
    monitor.start(500);
    await waitUntil("the web server to answer /api/health", () => fetch(`http://127.0.0.1:${webPort}/api/health`).then((r) => r.status > 0), 90_000, web);
    const intake = start("intake", [node, "--import", "tsx", "workers/intake.ts"]);
    start("relay", [node, "--import", "tsx", "workers/outbox-relay.ts"]);
    const redis = createRedis("worker");
    try {
      await waitUntil("the outbox relay and intake worker heartbeats", async () => {
        const alive = await aliveWorkers(redis);
        return alive["outbox-relay"] && alive.intake;
      }, 60_000, intake);
    } finally {
      redis.disconnect();
    }
    log(`web server (next start) on 127.0.0.1:${webPort}, outbox relay and intake worker up`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { webPort, monitor, services, sink, sinkStats, receiver, webhookSecret, runDir, env, stop };
}
