import { hash } from "@node-rs/argon2";
import { config } from "../../lib/config";
import type { Db } from "../../lib/db";
import { DEMO_MARKER_EMAIL, DEMO_PASSWORD } from "./demo-staff";
import { DEMO_SEED, Rng } from "./rng";
import { storeEmails } from "./uploads";
import { demoCaseCount, planDemoWorld } from "./world/plan";
import { AlreadySeeded, writeDemoWorld } from "./write";

// The demo world: staff for every role, ~40 customers with devices and 60 days of logins, review
// cases in every status with real (specimen) ID photos in S3. Idempotent: when the demo admin exists
// nothing is written. Never deletes anything.

export interface SeedDemoOptions {
  /** The instant the world is built around (default: now). Tests pass a fixed one. */
  now?: Date;
  /** Progress lines; default console.log. Pass () => {} for silence. */
  log?: (line: string) => void;
  /** Parallel S3 uploads (default 8). */
  uploadConcurrency?: number;
}

export interface SeedDemoCounts {
  staff: number;
  accounts: number;
  devices: number;
  logins: number;
  cases: number;
  caseEvents: number;
  inboundEmails: number;
  documents: number;
  outboundEmails: number;
  objects: number;
}

export type SeedDemoResult =
  | { seeded: true; counts: SeedDemoCounts; ms: number }
  | { seeded: false; reason: string; ms: number };

/**
 * The demo staff sign in with a published password: refuse a real production deployment. Allowed in
 * development and test, and in the local production build `npm run up` makes (ALLOW_DEV_SECRETS).
 */
export function assertDemoAllowed(): void {
  if (config.NODE_ENV === "production" && !config.ALLOW_DEV_SECRETS) {
    throw new Error("refusing to seed demo data with a published password: NODE_ENV=production without ALLOW_DEV_SECRETS");
  }
}

export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  assertDemoAllowed();
  const started = Date.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? new Date();
  const skip = (): SeedDemoResult => {
    const reason = `demo world already present (${DEMO_MARKER_EMAIL} exists); nothing changed`;
    log(reason);
    return { seeded: false, reason, ms: Date.now() - started };
  };

  if (await db.staffUser.findUnique({ where: { email: DEMO_MARKER_EMAIL }, select: { id: true } })) return skip();

  // Case numbers come from the ReviewCase sequence up front, so emails and timelines can carry the
  // references (GH-000123) before the rows exist. A failed run only leaves a gap in the numbering.
  const reserved = await db.$queryRaw<{ n: number }[]>`
    SELECT nextval(pg_get_serial_sequence('"ReviewCase"', 'number'))::int AS n FROM generate_series(1, ${demoCaseCount()}::int)`;
  const numbers = reserved.map((r) => r.n).sort((a, b) => a - b);

  const world = planDemoWorld(new Rng(DEMO_SEED), now, numbers);
  log(`planned ${world.accounts.length} accounts, ${world.devices.length} devices, ${world.logins.length} login events, ${world.cases.cases.length} cases`);

  const t0 = Date.now();
  const stored = await storeEmails(world.emails, undefined, options.uploadConcurrency ?? 8);
  log(`stored ${stored.objects} objects (${(stored.bytes / 1e6).toFixed(1)} MB): raw emails, ID photos, thumbnails in ${Date.now() - t0} ms`);

  const hashes = new Map<string, string>();
  for (const s of world.staff) hashes.set(s.email, await hash(DEMO_PASSWORD));

  try {
    await writeDemoWorld(db, world, stored, hashes);
  } catch (err) {
    if (err instanceof AlreadySeeded) return skip();
    throw err;
  }

  const counts: SeedDemoCounts = {
    staff: world.staff.length,
    accounts: world.accounts.length,
    devices: world.devices.length,
    logins: world.logins.length,
    cases: world.cases.cases.length,
    caseEvents: world.cases.events.length,
    inboundEmails: stored.inbound.length,
    documents: stored.documents.length,
    outboundEmails: world.cases.outbound.length,
    objects: stored.objects,
  };
  const ms = Date.now() - started;
  log(`demo world written in ${ms} ms: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ")}`);
  return { seeded: true, counts, ms };
}
