// npm run db:migrate            apply pending migrations (creates the database if missing)
// npm run db:migrate:new -- <name> [--empty]   new migration from schema.prisma changes, then apply;
//                               --empty writes an empty folder for hand-written SQL (triggers, data)
// npm run db:migrate:check      exit 1 when schema.prisma and the migration folders disagree
// npm run db:reset              drop and recreate the database, apply every migration (dev only)
import { config } from "../../lib/config";
import { applyMigrations, createMigration, driftScript, dropDatabase, ensureDatabase, writeMigration } from "./engine";

const [cmd, ...args] = process.argv.slice(2);
const url = config.DATABASE_URL;
const shadowUrl = config.SHADOW_DATABASE_URL;

function dbName(u: string) {
  return new URL(u).pathname.slice(1);
}

async function apply() {
  if (await ensureDatabase(url)) console.log(`created database ${dbName(url)}`);
  const applied = await applyMigrations(url);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
}

async function main() {
  switch (cmd) {
    case "apply":
      return apply();
    case "new": {
      const name = args.find((a) => !a.startsWith("--"));
      if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run db:migrate:new -- <snake_case_name> [--empty]");
      await ensureDatabase(url);
      if (args.includes("--empty")) {
        const dir = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${name}`;
        writeMigration(dir, "-- Hand-written migration: Prisma's schema language cannot express this.\n");
        console.log(`created empty prisma/migrations/${dir}/migration.sql; edit it, then npm run db:migrate`);
        return;
      }
      const created = await createMigration(url, name, { shadowUrl });
      console.log(created ? `created prisma/migrations/${created}` : "schema.prisma has no changes; no migration created");
      return apply();
    }
    case "check": {
      const sql = await driftScript(url, { shadowUrl });
      if (sql) {
        console.error("schema.prisma and prisma/migrations disagree. Run npm run db:migrate:new -- <name>. Missing SQL:\n" + sql);
        process.exit(1);
      }
      console.log("schema.prisma matches the migrations");
      return;
    }
    case "reset": {
      if (config.NODE_ENV === "production") throw new Error("db:reset refuses to run with NODE_ENV=production");
      const host = new URL(url).hostname;
      if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`db:reset refuses a non-local database (${host})`);
      await dropDatabase(url);
      console.log(`dropped database ${dbName(url)}`);
      return apply();
    }
    default:
      throw new Error("usage: tsx scripts/db/migrate.ts apply|new <name>|check|reset");
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
