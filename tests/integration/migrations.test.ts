import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { driftScript } from "../../scripts/db/engine";

const url = config.DATABASE_URL;

describe("migrations", () => {
  it("schema.prisma and prisma/migrations agree (run npm run db:migrate:new -- <name> if this fails)", async () => {
    expect(await driftScript(url)).toBe("");
  });

  it("detects a schema edit that has no migration", async () => {
    const schema = fs.readFileSync("prisma/schema.prisma", "utf8");
    const edited = schema.replace(/model Account \{\n/, "model Account {\n  nickname String?\n");
    expect(edited).not.toBe(schema);
    const sql = await driftScript(url, { schemaContent: edited });
    expect(sql).toMatch(/ALTER TABLE "Account" ADD COLUMN\s+"nickname" TEXT/);
  });

  it("records every folder in _prisma_migrations exactly as prisma migrate deploy would", async () => {
    const dir = "prisma/migrations";
    const folders = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name",
    );
    await c.end();
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    for (const r of rows) {
      const sql = fs.readFileSync(path.join(dir, r.migration_name, "migration.sql"));
      expect(r.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(r.finished_at).not.toBeNull();
      expect(r.rolled_back_at).toBeNull();
    }
  });
});
