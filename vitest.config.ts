import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // One database, Redis prefix and set of buckets per run (global setup); files run one
          // after another and each starts from empty tables (setup/reset.ts).
          globalSetup: ["tests/integration/setup/global.ts"],
          setupFiles: ["tests/integration/setup/reset.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          // next-auth imports "next/server" without an extension, which Node's ESM loader refuses
          // (next has no exports map); letting Vite transform it resolves the import as Next does.
          server: { deps: { inline: ["next-auth"] } },
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          environment: "node",
          // The suite starts its own Postgres, Redis and S3 (tests/faults/setup), never the shared ones.
          fileParallelism: false,
          testTimeout: 9 * 60_000,
          hookTimeout: 3 * 60_000,
          server: { deps: { inline: ["next-auth"] } },
        },
      },
    ],
  },
});
