// The identity-service simulator (npm run identity:sim -- <command>): the exchange's login system
// as Gatehouse sees it. It receives and verifies Gatehouse's webhooks (Standard Webhooks) and
// pushes realistic account, device and login events to POST /api/v1/identity/events.
//
//   serve     receive webhooks on IDENTITY_SIM_PORT (GET /events lists them) and, with
//             --push-every, push a batch of events every so many seconds (npm run up runs this)
//   push      push one batch of events now and print the result
//   register  make sure Gatehouse has a webhook endpoint for the simulator (idempotent; npm run up runs it)
//   events    print the webhooks a running simulator has received
//
// Loopback only; the webhook secret lives in .data/identity-sim/webhook-secret. Not for production.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { appUrl, config } from "../lib/config";
import { describePush, pushEvents, Traffic } from "./lib/identity-sim/push";
import { startWebhookReceiver } from "./lib/identity-sim/receiver";
import { DEFAULT_SECRET_FILE, readSecretFile, registerSimulator } from "./lib/identity-sim/register";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: String(config.IDENTITY_SIM_PORT) },
    "secret-file": { type: "string", default: DEFAULT_SECRET_FILE },
    "app-url": { type: "string", default: appUrl },
    "push-every": { type: "string", default: "0" },
    accounts: { type: "string", default: "3" },
    logins: { type: "string", default: "5" },
    seed: { type: "string" },
    url: { type: "string" },
    type: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const int = (v: string | undefined, name: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};
const port = int(values.port, "port");
const secretFile = values["secret-file"]!;
const batchSize = () => ({ accounts: int(values.accounts, "accounts"), logins: int(values.logins, "logins") });
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function serve(): Promise<void> {
  // The secret comes from the file `register` writes (or IDENTITY_SIM_WEBHOOK_SECRET); a rotation
  // by a new `register` run is picked up without a restart.
  const secret = process.env.IDENTITY_SIM_WEBHOOK_SECRET ?? readSecretFile(secretFile);
  if (!secret) throw new Error(`no webhook secret: run "npm run identity:sim -- register" first (it writes ${secretFile})`);
  const receiver = await startWebhookReceiver({ port, secret, log });
  if (!process.env.IDENTITY_SIM_WEBHOOK_SECRET) fs.watchFile(secretFile, { interval: 1000 }, () => receiver.setSecret(readSecretFile(secretFile) ?? secret));
  log(`identity-service simulator: webhooks at ${receiver.url}, received events at http://127.0.0.1:${receiver.port}/events`);

  const every = int(values["push-every"], "push-every");
  let timer: NodeJS.Timeout | undefined;
  if (every > 0) {
    const traffic = new Traffic(values.seed ? int(values.seed, "seed") : undefined);
    const tick = async () => {
      // The first batch brings customers; later ones mostly logins, with a new customer now and then.
      const size = traffic.accounts.length === 0 ? batchSize() : { accounts: Math.random() < 0.3 ? 1 : 0, logins: batchSize().logins };
      const events = traffic.batch(size);
      try {
        log(describePush(events.length, await pushEvents(events, { appUrl: values["app-url"]!, secret: config.IDENTITY_EVENTS_SECRET })));
      } catch (err) {
        log(`push to ${values["app-url"]} failed: ${(err as Error).message}`);
      }
      timer = setTimeout(tick, every * 1000);
    };
    timer = setTimeout(tick, 1000);
    log(`pushing identity events to ${values["app-url"]} every ${every} s`);
  }

  const stop = () => {
    clearTimeout(timer);
    fs.unwatchFile(secretFile);
    void receiver.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function pushOnce(): Promise<void> {
  const traffic = new Traffic(values.seed ? int(values.seed, "seed") : undefined);
  const events = traffic.batch(batchSize());
  const result = await pushEvents(events, { appUrl: values["app-url"]!, secret: config.IDENTITY_EVENTS_SECRET });
  console.log(describePush(events.length, result));
  console.log(JSON.stringify(result.body, null, 2));
  if (result.status >= 300) process.exitCode = 1;
}

async function register(): Promise<void> {
  const url = values.url ?? `http://127.0.0.1:${port}/webhooks`;
  const { db } = await import("../lib/db");
  try {
    const r = await registerSimulator({ url, secretFile });
    console.log(`webhook endpoint ${r.endpoint.id} → ${r.endpoint.url}: ${r.outcome}; secret in ${secretFile}`);
  } catch (err) {
    if (!config.WEBHOOK_ALLOW_PRIVATE_TARGETS) console.error("the simulator listens on loopback: set WEBHOOK_ALLOW_PRIVATE_TARGETS=true (npm run up does)");
    throw err;
  } finally {
    await db.$disconnect();
  }
}

async function events(): Promise<void> {
  const url = new URL(`http://127.0.0.1:${port}/events`);
  if (values.type) url.searchParams.set("type", values.type);
  const res = await fetch(url);
  console.log(JSON.stringify(await res.json(), null, 2));
}

const commands: Record<string, () => Promise<void>> = { serve, push: pushOnce, register, events };
const command = positionals[0] ?? "serve";
if (values.help || !commands[command]) {
  console.log("usage: npm run identity:sim -- serve|push|register|events [--port N] [--push-every S] [--accounts N] [--logins N] [--seed N] [--app-url URL] [--url URL] [--secret-file F] [--type T]");
  process.exit(values.help ? 0 : 1);
}
commands[command]().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
