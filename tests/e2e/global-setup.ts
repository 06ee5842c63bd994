import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations, dropDatabase, ensureDatabase } from "../../scripts/db/engine";
import { startLocalS3 } from "../../scripts/lib/s3-local";
import { startOidcServer } from "../support/oidc-server";
import { oidcServerOptions } from "./oidc-env";
import { assertLocalE2eDatabase, E2E_S3_PORT, e2eEnv } from "./env";

// A hermetic world for the run: a fresh gatehouse_e2e database with every migration, and a local
// S3 server (s3rver) on its own port with the buckets created. Playwright starts the webServer
// *before* globalSetup (plugins first); that is safe because the app touches the database and S3
// only when a request needs them, and tests start after this function returns.
/** The demo staff (password gatehouse-demo, the published demo TOTP secrets), as the quick start has them. */
async function seedDemoStaff(): Promise<void> {
  const { hash } = await import("@node-rs/argon2");
  const { sealSecret } = await import("../../lib/auth/mfa");
  const { demoStaff, demoTotpSecret, DEMO_PASSWORD } = await import("../../prisma/seed/demo-staff");
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const client = new pg.Client({ connectionString: e2eEnv.DATABASE_URL });
  await client.connect();
  try {
    for (const s of demoStaff) {
      await client.query(
        `INSERT INTO "StaffUser" (id, email, name, role, status, "passwordHash", "mfaSecret", "mfaEnrolledAt", "sessionsValidAfter", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $6, now(), now() - interval '1 minute', now(), now())`,
        [randomUUID(), s.email, s.name, s.role, passwordHash, sealSecret(demoTotpSecret(s.email))],
      );
    }
  } finally {
    await client.end();
  }
}

/** Rate-limit counters and queues of earlier runs live on in Redis: start from none. */
async function clearRedisPrefix(prefix: string): Promise<void> {
  const { Redis } = await import("ioredis");
  const redis = new Redis("redis://127.0.0.1:6379/0");
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  assertLocalE2eDatabase(e2eEnv.DATABASE_URL);
  await dropDatabase(e2eEnv.DATABASE_URL);
  await ensureDatabase(e2eEnv.DATABASE_URL);
  await applyMigrations(e2eEnv.DATABASE_URL);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-e2e-s3-"));
  const s3 = await startLocalS3({ port: E2E_S3_PORT, dir });
  // A real OpenID Connect provider for tests/e2e/oidc.spec.ts (the app reaches it only at sign-in).
  const oidc = await startOidcServer(oidcServerOptions);

  // lib/config reads process.env when first imported: set the run's values, then import lib/.
  Object.assign(process.env, { DATABASE_URL: e2eEnv.DATABASE_URL, S3_ENDPOINT: e2eEnv.S3_ENDPOINT, REDIS_PREFIX: e2eEnv.REDIS_PREFIX });
  const storage = await import("../../lib/storage");
  await storage.ensureBuckets();
  await seedDemoStaff();
  await clearRedisPrefix(e2eEnv.REDIS_PREFIX);

  return async () => {
    await oidc.close();
    storage.s3.destroy();
    await s3.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
