import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "lib/generated/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "bench/.out/**", "next-env.d.ts"]),
  {
    rules: {
      // lib/config.ts parses the environment once; everything else imports it.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings from lib/config.ts." }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Side effects go through the outbox (lib/outbox/write.ts), never straight onto a queue.
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["lib/queue/**", "lib/outbox/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "bullmq", message: "Write an outbox row with writeOutbox(tx, job, …) instead." }] }],
    },
  },
  {
    // Where the environment is the input: the config module, tool configs, test and CI harnesses.
    files: ["lib/config.ts", "*.config.{ts,mjs,js}", "tests/**/setup/**", "tests/**/*setup*.ts", "tests/e2e/support/workflow-world.ts", "bench/**", "scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
]);
