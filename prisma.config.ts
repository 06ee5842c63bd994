import { defineConfig } from "prisma/config";

// The Prisma CLI is used only for `prisma generate` (offline, see docs/MIGRATIONS.md);
// migrations run through scripts/db/migrate.ts. The URL default matches lib/config.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/gatehouse" },
});
