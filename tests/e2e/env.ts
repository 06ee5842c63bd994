// One place for the end-to-end run's settings, shared by playwright.config.ts (the web server's
// environment) and global-setup.ts (database and S3). Loopback only: the run owns these resources.
export const E2E_PORT = 3100;
export const E2E_S3_PORT = 4570;
// localhost, not 127.0.0.1: the app's address on loopback (lib/config.ts appUrl explains why).
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/** A second server on the same build and database whose sessions go idle after 5 seconds. */
export const E2E_IDLE_PORT = 3101;
export const E2E_IDLE_URL = `http://localhost:${E2E_IDLE_PORT}`;

export const e2eEnv = {
  NODE_ENV: "production",
  HOST: "127.0.0.1",
  PORT: String(E2E_PORT),
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/gatehouse_e2e",
  S3_ENDPOINT: `http://127.0.0.1:${E2E_S3_PORT}`,
  REDIS_PREFIX: "ghe2e",
  // The production build runs with the development secrets; never outside this harness.
  ALLOW_DEV_SECRETS: "true",
  // The queue tabs' counts are compared with the database right after a test creates cases: count on
  // every load (sharing them between loads is tested in tests/integration/cases-queue-counts.test.ts).
  QUEUE_COUNTS_MAX_AGE_SECONDS: "0",
} as const;

/** Refuses anything but a loopback database whose name ends in _e2e: setup drops it. */
export function assertLocalE2eDatabase(url: string): void {
  const u = new URL(url);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(u.hostname) || !u.pathname.endsWith("_e2e")) {
    throw new Error(`end-to-end setup refuses to drop ${u.hostname}${u.pathname}: loopback *_e2e databases only`);
  }
}
