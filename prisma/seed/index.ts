// npm run db:seed [-- --cases N --logins N --accounts N --no-documents]   (see ./args.ts)
import { db } from "../../lib/db";
import { SEED_USAGE, parseSeedArgs } from "./args";
import { seedBulk } from "./bulk";
import { seedDemo } from "./demo";
import { demoSignIns } from "./demo-staff";

async function main(): Promise<void> {
  const args = parseSeedArgs(process.argv.slice(2));
  if (args.help) {
    console.log(SEED_USAGE);
    return;
  }
  const demo = await seedDemo(db);
  if (args.bulk) await seedBulk(db, args.bulk);
  if (demo.seeded) {
    console.log("\nDemo sign-ins (local only):");
    for (const s of demoSignIns) console.log(`  ${s.role.padEnd(10)} ${s.email.padEnd(28)} ${s.password}`);
  }
}

try {
  await main();
  await db.$disconnect();
  process.exit(0);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await db.$disconnect().catch(() => undefined);
  process.exit(1);
}
