// Real services for the integration run: a fresh Postgres database, a Redis key prefix and a local
// S3 server with its own buckets, all created here and removed at the end. Environment variables
// set here reach the test workers, which start after this runs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { applyMigrations, dropDatabase, ensureDatabase } from "../../../scripts/db/engine";
import { startLocalS3 } from "../../../scripts/lib/s3-local";
import { assertLocalUrl } from "./assert-local";

export default async function setup() {
  const run = randomBytes(4).toString("hex");
  const base = new URL(process.env.TEST_DATABASE_BASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  assertLocalUrl(base.toString());
  base.pathname = `/gatehouse_it_${run}`;
  const dbUrl = base.toString();

  await ensureDatabase(dbUrl);
  await applyMigrations(dbUrl);

  const s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-s3-"));
  const s3 = await startLocalS3({ port: 0, dir: s3Dir });

  Object.assign(process.env, {
    NODE_ENV: "test",
    DATABASE_URL: dbUrl,
    REDIS_PREFIX: `ghit${run}`,
    S3_ENDPOINT: s3.url,
    S3_BUCKET_INBOUND: `it-${run}-inbound`,
    S3_BUCKET_DOCUMENTS: `it-${run}-documents`,
    S3_BUCKET_EXPORTS: `it-${run}-exports`,
    S3_BUCKET_AUDIT: `it-${run}-audit`,
    WORKER_HEARTBEAT_SECONDS: "1",
    OUTBOX_POLL_MS: "100",
  });
  const storage = await import("../../../lib/storage");
  await storage.ensureBuckets();
  storage.s3.destroy();

  return async () => {
    const { Redis } = await import("ioredis");
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0");
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `ghit${run}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
    await s3.close();
    fs.rmSync(s3Dir, { recursive: true, force: true });
    await dropDatabase(dbUrl);
  };
}
