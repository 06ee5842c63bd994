import { z } from "zod";

// npm run db:seed -- [--accounts N] [--cases N] [--logins N] [--no-documents] [--jobs N] [--help]
// Numbers take _ separators and k/m suffixes: --cases 100k, --logins 1_000_000, --logins 10m.

export interface SeedArgs {
  help: boolean;
  bulk: { accounts: number; cases: number; logins: number; documents: boolean; jobs: number } | null;
}

export const SEED_USAGE = `Usage: npm run db:seed -- [options]

Without options: seeds the demo world (staff, ~40 accounts, cases in every status, ID photos in S3).
Running it again changes nothing.

Bulk options add synthetic rows on top of the demo world (seeded first if missing), for benchmarks:
  --accounts N     new accounts (default: max(cases, logins / 10))
  --cases N        new review cases, each with an inbound email and two documents that point at
                   already-uploaded demo photos
  --logins N       new login events, spread over the last 60 days
  --no-documents   bulk cases get no inbound email or document rows
  --jobs N         database connections working in parallel (default 2, at most 8)
Numbers accept _ separators and k / m suffixes (100k, 1m).`;

const count = z
  .string()
  .regex(/^\d[\d_]*(\.\d+)?[km]?$/i, "expected a count such as 1000, 100k or 1m")
  .transform((s) => {
    const mult = /k$/i.test(s) ? 1e3 : /m$/i.test(s) ? 1e6 : 1;
    return Math.round(Number(s.replace(/[_km]/gi, "")) * mult);
  })
  .pipe(z.number().int().min(0).max(200_000_000));

const NUMERIC = new Set(["accounts", "cases", "logins", "jobs"]);

export function parseSeedArgs(argv: string[]): SeedArgs {
  const values: Record<string, number> = {};
  let help = false;
  let documents = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    if (arg === "--no-documents") {
      documents = false;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !NUMERIC.has(m[1])) throw new Error(`unknown option ${arg}\n\n${SEED_USAGE}`);
    const raw = m[2] ?? argv[++i];
    if (raw === undefined) throw new Error(`--${m[1]} needs a number`);
    const parsed = count.safeParse(raw);
    if (!parsed.success) throw new Error(`--${m[1]} ${raw}: ${parsed.error.issues[0]?.message}`);
    values[m[1]] = parsed.data;
  }
  const cases = values.cases ?? 0;
  const logins = values.logins ?? 0;
  const accounts = values.accounts ?? (cases || logins ? Math.max(cases, Math.ceil(logins / 10)) : 0);
  if (!accounts && (cases || logins)) throw new Error("bulk cases and logins need at least one bulk account (--accounts)");
  const jobs = Math.max(1, Math.min(8, values.jobs ?? 2));
  const bulk = accounts || cases || logins ? { accounts, cases, logins, documents, jobs } : null;
  return { help, bulk };
}
