import { createHmac } from "node:crypto";
import { faker } from "@faker-js/faker";
import { newAccount, newDeviceLogin, returningLogin, type IdentityEventIn, type SimAccount } from "./generate";

// The identity service's side of POST /api/v1/identity/events: a JSON batch signed with
//   X-Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(IDENTITY_EVENTS_SECRET, "<t>.<raw body>")>

export function identitySignature(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

export interface PushResult {
  status: number;
  /** The endpoint's answer (per-event results), or the text of an error. */
  body: unknown;
}

/** The signed request for a batch (exported so tests can hand it to the route handler itself). */
export function identityRequest(events: IdentityEventIn[], opts: { appUrl: string; secret: string }): Request {
  const body = JSON.stringify({ events });
  return new Request(new URL("/api/v1/identity/events", opts.appUrl), {
    method: "POST",
    headers: { "content-type": "application/json", "x-gatehouse-signature": identitySignature(opts.secret, body) },
    body,
  });
}

export async function readPushResult(res: Response): Promise<PushResult> {
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}

export async function pushEvents(events: IdentityEventIn[], opts: { appUrl: string; secret: string; signal?: AbortSignal }): Promise<PushResult> {
  return readPushResult(await fetch(identityRequest(events, opts), { signal: opts.signal ?? AbortSignal.timeout(30_000) }));
}

/** The simulated population: grows by new customers, who then log in again or from new devices. */
export class Traffic {
  readonly accounts: SimAccount[] = [];

  constructor(seed?: number) {
    if (seed !== undefined) faker.seed(seed);
  }

  /** One batch: `accounts` new customers and `logins` logins by existing ones (a third of them from new devices). */
  batch(opts: { accounts: number; logins: number }, at: Date = new Date()): IdentityEventIn[] {
    const events: IdentityEventIn[] = [];
    let ms = at.getTime() - 1000 * (opts.accounts * 3 + opts.logins * 3);
    const tick = () => new Date((ms += 1000));
    for (let i = 0; i < opts.accounts; i++) {
      const { account, events: made } = newAccount(tick());
      this.accounts.push(account);
      events.push(...made);
    }
    for (let i = 0; i < opts.logins && this.accounts.length > 0; i++) {
      const account = this.accounts[faker.number.int({ min: 0, max: this.accounts.length - 1 })];
      events.push(...(faker.datatype.boolean({ probability: 0.35 }) || account.devices.length === 0 ? newDeviceLogin(account, tick()) : returningLogin(account, tick())));
    }
    return events;
  }
}

/** One line about a push result for the log: counts, no personal data. */
export function describePush(n: number, r: PushResult): string {
  const b = r.body as { accepted?: unknown; duplicates?: unknown; rejected?: unknown } | null;
  if (r.status >= 200 && r.status < 300 && b && typeof b === "object") {
    const count = (v: unknown) => (Array.isArray(v) ? v.length : typeof v === "number" ? v : "?");
    return `pushed ${n} events: HTTP ${r.status} accepted=${count(b.accepted)} duplicates=${count(b.duplicates)} rejected=${count(b.rejected)}`;
  }
  const msg = b && typeof b === "object" && "error" in b ? JSON.stringify((b as { error: unknown }).error).slice(0, 300) : String(r.body).slice(0, 300);
  return `pushed ${n} events: HTTP ${r.status} ${msg}`;
}
