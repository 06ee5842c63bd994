// The fault suite's knobs. Defaults are the figures; shorten them for a quick local run:
//   FAULT_REDIS_DOWN_SECONDS=10 FAULT_S3_DOWN_SECONDS=5 FAULT_ACCOUNTS=10 npm run test:faults
const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
};

export const faultSettings = {
  /** Redis stopped (clean shutdown) for this long, then started again on its AOF. */
  redisDownSeconds: num("FAULT_REDIS_DOWN_SECONDS", 60),
  /** The S3 server gone for this long. */
  s3DownSeconds: num("FAULT_S3_DOWN_SECONDS", 30),
  /** Pause between one fault's end and the next one's start. */
  gapSeconds: num("FAULT_GAP_SECONDS", 10),
  accounts: num("FAULT_ACCOUNTS", 50),
  emailsPerAccount: num("FAULT_EMAILS_PER_ACCOUNT", 4),
  unknownSenders: num("FAULT_UNKNOWN_SENDERS", 10),
  duplicateRate: num("FAULT_DUPLICATE_RATE", 0.2),
  /** Cases an agent approves during the faults (each sends two webhooks and an email). */
  decisions: num("FAULT_DECISIONS", 30),
  /** Deliveries in flight at once (provider connections). */
  parallel: num("FAULT_PARALLEL", 8),
  /** After the last fault, everything must be drained within this long. */
  recoveryTimeoutSeconds: num("FAULT_RECOVERY_TIMEOUT_SECONDS", 240),
  seed: num("FAULT_SEED", Date.now() % 1_000_000),
  /** Keep the run's directory (logs of every process) instead of deleting it. */
  keepDir: process.env.FAULT_KEEP_DIR === "1",
  /** The environment the route handlers and workers are started with (lib/config reads it). */
  baseEnv: (): NodeJS.ProcessEnv => ({ ...process.env }),
  setEnv(values: Record<string, string>): void {
    Object.assign(process.env, values);
  },
};
