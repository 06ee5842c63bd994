// The benchmark database: same server as the app's DATABASE_URL, its own name, dropped and
// recreated (and migrated) on every run. Guards make it impossible to drop the app's database.
import { UsageError } from "./args";
import { applyMigrations, dropDatabase, ensureDatabase } from "../../scripts/db/engine";

const DEFAULT_APP_URL = "postgresql://postgres@127.0.0.1:5432/gatehouse"; // lib/config.ts's default
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

const dbName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * `BENCH_DATABASE_URL` when set; otherwise the app's DATABASE_URL (environment or .env, already
 * loaded by the caller) with the database renamed to `name`.
 */
export function benchDatabaseUrl(name: string, env: NodeJS.ProcessEnv): string {
  const appUrl = env.DATABASE_URL || DEFAULT_APP_URL;
  let url: string;
  if (env.BENCH_DATABASE_URL) {
    url = env.BENCH_DATABASE_URL;
  } else {
    const u = new URL(appUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const bench = dbName(url);
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) throw new UsageError(`the benchmark drops and recreates its database; refusing non-local host ${host}`);
  if (!/bench/i.test(bench)) throw new UsageError(`the benchmark database name must contain "bench" (it is dropped each run); got ${JSON.stringify(bench)}`);
  if (bench === dbName(appUrl)) throw new UsageError(`the benchmark database must not be the app's database (${bench})`);
  return url;
}

/** Drops, recreates and migrates the database; returns the migrations applied. */
export async function freshDatabase(url: string): Promise<string[]> {
  await dropDatabase(url);
  await ensureDatabase(url);
  return applyMigrations(url);
}
