import { defineConfig, devices } from "@playwright/test";
import { oidcEnv } from "./tests/e2e/oidc-env";
import { E2E_BASE_URL, E2E_IDLE_PORT, E2E_IDLE_URL, E2E_PORT, e2eEnv } from "./tests/e2e/env";

// End-to-end: Debian's Chromium (/usr/bin/chromium, installed by scripts/ensure-chromium.sh), never
// Playwright's own browser download. The app runs as a production build (`next start`); npm test
// builds first, and the command below builds only when no build exists.
export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "chromium", dependencies: ["setup"], use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
  ],
  webServer: [
    {
      command: `test -f .next/BUILD_ID || npx next build; exec npx next start -p ${E2E_PORT} -H 127.0.0.1`,
      url: `${E2E_BASE_URL}/sign-in`,
      // A server already on the port could be pointed at another database: fail instead of reusing it.
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { ...e2eEnv, ...oidcEnv },
    },
    {
      // Same build and database; sessions end after 5 idle seconds (tests/e2e/session-expiry.spec.ts).
      // Waits for the first server's build to exist before starting.
      command: `for i in $(seq 1 600); do test -f .next/BUILD_ID && break; sleep 0.5; done; exec npx next start -p ${E2E_IDLE_PORT} -H 127.0.0.1`,
      url: `${E2E_IDLE_URL}/sign-in`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { ...e2eEnv, PORT: String(E2E_IDLE_PORT), SESSION_IDLE_SECONDS: "5" },
    },
  ],
});
