import nodemailer, { type Transporter } from "nodemailer";
import { config } from "../config";

// One pooled SMTP transport per process, from SMTP_URL. Settings nodemailer reads from the URL's
// query (pool, maxConnections, connectionTimeout, requireTLS, tls.*) can be set there; these are
// defaults for what the URL leaves out: fail fast when the relay is down, BullMQ retries.
const DEFAULTS: Record<string, string> = { pool: "true", maxConnections: "4", connectionTimeout: "10000", greetingTimeout: "10000", socketTimeout: "60000" };

export function createMailTransport(url: string): Transporter {
  const u = new URL(url);
  for (const [key, value] of Object.entries(DEFAULTS)) if (!u.searchParams.has(key)) u.searchParams.set(key, value);
  return nodemailer.createTransport(u.toString());
}

let current: Transporter | null = null;

export function mailTransport(): Transporter {
  current ??= createMailTransport(config.SMTP_URL);
  return current;
}

/** Points this process at another relay (tests: a sink on a random port). Closes the previous pool. */
export function setMailTransport(url: string): void {
  current?.close();
  current = createMailTransport(url);
}

/** Closes the pool's connections (workers call it on shutdown). */
export function closeMailTransport(): void {
  current?.close();
  current = null;
}
