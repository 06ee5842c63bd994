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
    // Where the environment is the input: the config module, tool configs, test and CI harnesses.
    files: ["lib/config.ts", "*.config.{ts,mjs,js}", "tests/**/setup/**", "tests/**/*setup*.ts", "bench/**", "scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
]);
