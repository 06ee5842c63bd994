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
    ],
  },
});
