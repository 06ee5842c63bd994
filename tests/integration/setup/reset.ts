// Every test file starts from empty tables and an empty Redis prefix. session_replication_role=replica skips the audit
// table's append-only triggers for this superuser session only (tests run as postgres).
import { beforeAll } from "vitest";
import pg from "pg";
import { Redis } from "ioredis";
import { assertLocalUrl } from "./assert-local";

beforeAll(async () => {
  const url = process.env.DATABASE_URL!;
  assertLocalUrl(url);
  if (!new URL(url).pathname.startsWith("/gatehouse_it_")) throw new Error("refusing to truncate a database the test run did not create");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    await client.query("SET session_replication_role = replica");
    await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
  // …and from an empty Redis key space (queues, heartbeats) under this run's prefix.
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0");
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${process.env.REDIS_PREFIX}:*`, "COUNT", 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  redis.disconnect();
});
