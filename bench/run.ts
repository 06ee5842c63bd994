// npm run bench -- <scenario> [--flags]
// Creates a fresh, migrated benchmark database, optionally seeds it, runs one scenario through the
// app's real lib/ code, prints the figures beside their targets and appends them to bench/RESULTS.md.
// lib/config reads process.env once when first imported, so everything from lib/ (and the scenario
// modules, which import lib/) is imported dynamically, after the environment below is set.
import "dotenv/config";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs, UsageError } from "./lib/args";
import { benchDatabaseUrl, freshDatabase } from "./lib/database";
import { describeMachine, gitCommit } from "./lib/machine";
import { freePort } from "./lib/ports";
import { appendResults, RESULTS_PATH, renderSection, verdicts } from "./lib/report";
import type { BenchContext } from "./lib/types";

const RUNNER_FLAGS: Record<string, string> = {
  database: "benchmark database name on the app's server (default gatehouse_bench; must contain 'bench'; dropped each run). BENCH_DATABASE_URL overrides the whole URL",
  scale: "seed scale passed to the scenario's seed hook (scenarios without one reject it)",
  pool: "DATABASE_POOL_MAX for this run (default: the app's setting, 10)",
  "no-record": "print the figures but do not append them to bench/RESULTS.md (trial runs)",
  strict: "exit with status 3 when a target is missed (for CI)",
  help: "this text",
};
const SWITCHES = new Set(["no-record", "strict", "help"]);

const log = (message: string) => console.error(`[bench] ${message}`);

// Scenarios that may run while another bench does get their own database and Redis prefix by
// default (the runner drops its database on start). --database and BENCH_REDIS_PREFIX still win.
const OWN_STATE: Record<string, { database: string; redisPrefix: string }> = {
  devices: { database: "gatehouse_bench_devices", redisPrefix: "ghbench-devices" },
  load: { database: "gatehouse_bench_load", redisPrefix: "ghbench-load" },
};

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const { positional, flags } = parseArgs(argv, SWITCHES);

  const own = OWN_STATE[positional[0] ?? ""];
  const url = benchDatabaseUrl(flags.str("database", own?.database ?? "gatehouse_bench"), process.env);
  process.env.DATABASE_URL = url;
  process.env.REDIS_PREFIX = process.env.BENCH_REDIS_PREFIX || own?.redisPrefix || "ghbench";
  // Object storage and outbound mail point at free loopback ports, where a scenario that needs them
  // starts its own S3 server and SMTP sink: no run ever writes to the development S3 (npm run up's)
  // or sends through a configured relay. The ports are chosen now because lib/config reads them once.
  const s3Port = await freePort();
  let smtpPort = await freePort();
  while (smtpPort === s3Port) smtpPort = await freePort();
  process.env.S3_ENDPOINT = `http://127.0.0.1:${s3Port}`;
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  if (flags.has("pool")) process.env.DATABASE_POOL_MAX = String(flags.int("pool", 10, 1));

  const { loadScenarios, findScenario, describeScenarios } = await import("./lib/scenarios");
  const all = await loadScenarios();
  const usage = () =>
    [
      "usage: npm run bench -- <scenario> [--flags]",
      "",
      "scenarios:",
      describeScenarios(all),
      "",
      "runner flags:",
      ...Object.entries(RUNNER_FLAGS).map(([f, help]) => `  --${f}  ${help}`),
    ].join("\n");

  const name = positional[0];
  if (!name || flags.bool("help")) {
    console.log(usage());
    return flags.bool("help") ? 0 : 2;
  }
  const scenario = findScenario(all, name);
  if (!scenario) {
    console.error(`unknown scenario ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  const unknown = flags.names().filter((f) => !(f in RUNNER_FLAGS) && !(f in scenario.flags));
  if (unknown.length || positional.length > 1) {
    const extra = [...unknown.map((f) => `--${f}`), ...positional.slice(1)].join(", ");
    console.error(`${scenario.name} does not take ${extra}\n\n${usage()}`);
    return 2;
  }
  const scale = flags.str("scale") ?? scenario.defaultScale;
  if (scale !== undefined && !scenario.seed) throw new UsageError(`${scenario.name} has no seed hook; drop --scale`);

  const loadBefore = os.loadavg()[0];
  const wall0 = performance.now();
  const startedAt = new Date();
  log(`recreating ${new URL(url).pathname.slice(1)} and applying migrations`);
  const applied = await freshDatabase(url);
  log(`applied ${applied.length} migration(s)`);

  const { db } = await import("../lib/db");
  const { config } = await import("../lib/config");
  if (config.DATABASE_URL !== url) throw new Error("lib/config was loaded before the runner set DATABASE_URL; import lib/ dynamically");

  try {
    const ctx: BenchContext = { db, databaseUrl: url, flags, log };
    let seeded: string | undefined;
    if (scale !== undefined && scenario.seed) {
      log(`seeding at scale ${scale}`);
      seeded = await scenario.seed(ctx, scale);
    }
    log(`running ${scenario.name}`);
    const result = await scenario.run(ctx);

    result.figures.push(
      { key: "process.maxRss", label: "Peak RSS (bench process)", value: process.resourceUsage().maxRSS / 1024, unit: "MiB", digits: 0 },
      { key: "run.duration", label: "Whole run (create DB, migrate, seed, run)", value: (performance.now() - wall0) / 1000, unit: "s", digits: 1 },
    );
    result.params = { ...result.params, ...(scale !== undefined ? { scale } : {}), "DATABASE_POOL_MAX": config.DATABASE_POOL_MAX };
    if (seeded) result.dataSize = `${seeded}; ${result.dataSize}`;

    const section = renderSection({
      scenario,
      result,
      startedAt,
      commit: gitCommit(),
      commandLine: argv.filter((a) => a !== "--").join(" "),
      machine: await describeMachine(db, loadBefore),
    });
    console.log(`\n${section}`);
    if (flags.bool("no-record")) log("--no-record: bench/RESULTS.md left unchanged");
    else {
      appendResults(section);
      log(`appended to ${RESULTS_PATH}`);
    }
    const missed = verdicts(scenario.targets, result.figures).filter((v) => !v.pass).length;
    return missed > 0 && flags.bool("strict") ? 3 : 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
