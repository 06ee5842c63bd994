import type { AuthMethod, LoginFailureReason, LoginOutcome, Prisma } from "../../../lib/db";
import { DAY, HOUR, MINUTE, type Rng } from "../rng";
import { type DeviceModel, type Network, ipIn, userAgent } from "./catalog";

// LoginEvent rows as the identity service would have pushed them.

export type LoginRow = Prisma.LoginEventCreateManyInput & { occurredAt: Date; outcome: LoginOutcome };

export interface DeviceContext {
  accountId: string;
  deviceId: string;
  model: DeviceModel;
  appVersion: string;
  /** The networks this device normally uses; the first is its usual one. */
  nets: Network[];
  /** Host part used for addresses, stable per device so one device keeps one address per network. */
  host: number;
}

export class LoginLog {
  readonly rows: LoginRow[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly rng: Rng) {}

  add(
    ctx: DeviceContext,
    at: Date,
    method: AuthMethod,
    outcome: LoginOutcome,
    opts: { reason?: LoginFailureReason; net?: Network; webNet?: Network; appVersion?: string } = {},
  ): LoginRow {
    let externalId = `evt_${this.rng.hex(24)}`;
    while (this.ids.has(externalId)) externalId = `evt_${this.rng.hex(24)}`;
    this.ids.add(externalId);
    const net = opts.net ?? ctx.nets[0];
    const ip = ipIn(net, ctx.host);
    const appVersion = opts.appVersion ?? ctx.appVersion;
    const webIp = opts.webNet ? ipIn(opts.webNet, ctx.host + 7) : ctx.model.platform === "WEB" ? ip : null;
    const row: LoginRow = {
      externalId,
      accountId: ctx.accountId,
      deviceId: ctx.deviceId,
      occurredAt: at,
      ip,
      asn: net.asn,
      network: net.name,
      country: net.country,
      userAgent: userAgent(ctx.model, appVersion),
      appVersion: ctx.model.platform === "WEB" ? null : appVersion,
      webIp,
      method,
      outcome,
      failureReason: outcome === "FAILURE" ? (opts.reason ?? "OTHER") : null,
      createdAt: new Date(at.getTime() + this.rng.int(200, 4000)),
    };
    this.rows.push(row);
    return row;
  }

  /**
   * Everyday logins on an authorised device from `from` up to exactly `to`, every one to five days,
   * now and then after a failed first try. Returns the last successful login time.
   */
  regularUse(ctx: DeviceContext, method: AuthMethod, from: Date, to: Date): Date | null {
    if (to.getTime() < from.getTime()) return null;
    const times: Date[] = [to];
    for (let t = to.getTime() - this.rng.int(1, 5) * DAY - this.rng.int(0, 8) * HOUR; t > from.getTime(); t -= this.rng.int(1, 5) * DAY + this.rng.int(0, 12) * HOUR) {
      times.push(new Date(t));
    }
    for (const at of times.reverse()) {
      const net = this.rng.chance(0.75) ? ctx.nets[0] : this.rng.pick(ctx.nets);
      if (this.rng.chance(0.08)) {
        this.add(ctx, new Date(at.getTime() - this.rng.int(1, 6) * MINUTE), method, "FAILURE", { reason: everydayFailure(method), net });
      }
      this.add(ctx, at, method, "SUCCESS", { net });
    }
    return to;
  }
}

function everydayFailure(method: AuthMethod): LoginFailureReason {
  switch (method) {
    case "FACE":
      return "LIVENESS_FAILED";
    case "OLD_DEVICE":
      return "OLD_DEVICE_TIMEOUT";
    case "SECURITY_ITEMS":
      return "CODE_WRONG";
    case "MANUAL":
      return "OTHER";
  }
}

/** Device columns that follow from its login history. */
export function seenFromLogins(rows: LoginRow[], deviceId: string, fallback: Date): { lastSeenAt: Date; lastLoginAt: Date | null } {
  let lastSeen = fallback.getTime();
  let lastLogin: number | null = null;
  for (const r of rows) {
    if (r.deviceId !== deviceId) continue;
    const t = r.occurredAt.getTime();
    if (t > lastSeen) lastSeen = t;
    if (r.outcome === "SUCCESS" && (lastLogin === null || t > lastLogin)) lastLogin = t;
  }
  return { lastSeenAt: new Date(lastSeen), lastLoginAt: lastLogin === null ? null : new Date(lastLogin) };
}
