import { errFields, logger } from "../log";

/**
 * Graceful shutdown for worker processes: on SIGTERM/SIGINT run the stop functions (finish the
 * current job, close connections), then exit; a second signal or a 25 s timeout exits at once.
 */
export function onShutdown(name: string, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ worker: name, signal }, "stopping");
    const force = setTimeout(() => {
      logger.error({ worker: name }, "did not stop within 25 s; exiting");
      process.exit(1);
    }, 25_000);
    force.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ worker: name, ...errFields(err) }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
