import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { config } from "./config";

// One client per process. Secret columns are omitted from every query unless a caller asks for
// them explicitly with `omit: { passwordHash: false }` (lib/auth does, nothing else should).
const omit = {
  staffUser: { passwordHash: true, mfaSecret: true, inviteTokenHash: true },
  apiToken: { tokenHash: true },
  staffSession: { tokenHash: true },
  mfaRecoveryCode: { codeHash: true },
  webhookEndpoint: { secret: true },
} as const;

function createClient(url = config.DATABASE_URL) {
  const adapter = new PrismaPg({ connectionString: url, max: config.DATABASE_POOL_MAX });
  return new PrismaClient({ adapter, omit });
}

export type Db = ReturnType<typeof createClient>;
/** The client inside `db.$transaction(async (tx) => …)`. Use cases take it to join the caller's transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };
// Next's dev server re-evaluates modules on every change; keep one pool across reloads.
export const db: Db = globalForDb.gatehouseDb ?? createClient();
if (config.NODE_ENV !== "production") globalForDb.gatehouseDb = db;

export { Prisma } from "./generated/prisma/client";
export * from "./generated/prisma/enums";
