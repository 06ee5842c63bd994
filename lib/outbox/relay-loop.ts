import pg from "pg";
import { config } from "../config";
import type { Db } from "../db";
import { errFields, logger } from "../log";
import type { queueFactory } from "../queue/queues";
import { relayOutboxBatch } from "./relay";

/**
 * Runs the relay until stopped: drains due rows in batches, then waits for a NOTIFY from a
 * committing transaction or the poll interval, whichever is first. Backs off while Redis or
 * Postgres is down; nothing is lost meanwhile, rows simply wait in the table.
 */
export function runRelayLoop(db: Db, queues: ReturnType<typeof queueFactory>): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | undefined;
  let listener: pg.Client | undefined;
  let failures = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function listen() {
    try {
      listener = new pg.Client({ connectionString: config.DATABASE_URL });
      listener.on("error", () => {
        listener = undefined; // polling continues; reconnect on the next loop
      });
      await listener.connect();
      await listener.query("LISTEN gatehouse_outbox");
      listener.on("notification", () => wake?.());
    } catch {
      listener = undefined;
    }
  }

  const loop = (async () => {
    while (!stopped) {
      if (!listener) await listen();
      try {
        const n = await relayOutboxBatch(db, queues.get, config.OUTBOX_BATCH);
        if (failures) logger.info({ after: failures }, "outbox relay recovered");
        failures = 0;
        if (n === config.OUTBOX_BATCH) continue; // more waiting
        if (n > 0) logger.debug({ published: n }, "outbox batch published");
        await sleep(config.OUTBOX_POLL_MS);
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 20 === 0) logger.warn({ failures, ...errFields(err) }, "outbox relay cannot publish; retrying");
        await sleep(Math.min(10_000, 250 * 2 ** Math.min(failures, 6)));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await listener?.end().catch(() => undefined);
    },
  };
}
