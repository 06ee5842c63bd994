import type { AuthMethod, DeviceActionReason, DevicePlatform, Prisma } from "../../../lib/db";
import { DAY, HOUR, MINUTE, type Rng, addMinutes, maxDate } from "../rng";
import { CURRENT_APP, OLD_APP, type Network, deviceModels, homeNetworks, hostingNetworks, networks } from "./catalog";
import type { CaseSkeleton } from "./case-skeleton";
import { type DeviceContext, LoginLog, type LoginRow, seenFromLogins } from "./login-events";
import type { PlannedAccount } from "./people";

// Devices in every status with 60 days of login history that agrees with them: an AUTHORIZED device
// logged in within 30 days, an EXPIRED one last logged in more than 30 days ago, a REVOKED one has
// who/why/when, a PENDING one has only failed or review-pending attempts.

export type DeviceRow = Prisma.DeviceCreateManyInput & { id: string };

export interface DevicePlan {
  devices: DeviceRow[];
  logins: LoginRow[];
}

const PRIMARY: DevicePlatform[] = ["IOS", "ANDROID", "IOS", "ANDROID", "DESKTOP", "IOS", "ANDROID", "OTHER", "IOS", "ANDROID"];

export function planDevices(rng: Rng, now: Date, accounts: PlannedAccount[], cases: CaseSkeleton[], staffIds: Record<string, string>): DevicePlan {
  const log = new LoginLog(rng);
  const devices: DeviceRow[] = [];
  const windowStart = new Date(now.getTime() - 60 * DAY);
  const daysAgo = (d: number) => new Date(now.getTime() - d * DAY - rng.int(0, 20) * HOUR);

  const context = (acc: PlannedAccount, id: string, platform: DevicePlatform, nets: Network[], old = false): DeviceContext => ({
    accountId: acc.row.id,
    deviceId: id,
    model: rng.pick(deviceModels[platform]),
    appVersion: rng.pick(old ? OLD_APP : CURRENT_APP),
    nets,
    host: rng.int(1, 4000),
  });

  function push(ctx: DeviceContext, firstSeenAt: Date, extra: Partial<DeviceRow>) {
    const seen = seenFromLogins(log.rows, ctx.deviceId, firstSeenAt);
    const changes = [seen.lastSeenAt, extra.authorizedAt, extra.revokedAt, extra.expiredAt].filter((d): d is Date => d instanceof Date);
    devices.push({
      id: ctx.deviceId,
      accountId: ctx.accountId,
      externalId: `dev_${rng.hex(20)}`,
      platform: ctx.model.platform,
      model: ctx.model.model,
      appVersion: ctx.model.platform === "WEB" ? null : ctx.appVersion,
      firstSeenAt,
      lastSeenAt: seen.lastSeenAt,
      lastLoginAt: seen.lastLoginAt,
      createdAt: firstSeenAt,
      updatedAt: maxDate(...changes),
      ...extra,
    });
  }

  /** A device authorised long ago and used since; ends AUTHORIZED, EXPIRED or REVOKED. */
  function established(acc: PlannedAccount, platform: DevicePlatform, method: AuthMethod, end: "AUTHORIZED" | "EXPIRED" | "REVOKED") {
    const firstSeenAt = new Date(acc.row.createdAt.getTime() + rng.int(0, 20) * DAY + rng.int(0, 23) * HOUR);
    const ctx = context(acc, rng.uuid7(firstSeenAt), platform, homeNetworks(acc.country));
    const lastLogin = end === "AUTHORIZED" ? daysAgo(rng.int(0, 9)) : daysAgo(rng.int(31, 57));
    log.regularUse(ctx, method, windowStart, lastLogin);
    const extra: Partial<DeviceRow> = { status: end, authMethod: method, authorizedAt: firstSeenAt };
    if (end === "EXPIRED") extra.expiredAt = new Date(lastLogin.getTime() + 30 * DAY + rng.int(1, 50) * MINUTE);
    if (end === "REVOKED") {
      const revokedAt = new Date(lastLogin.getTime() + rng.int(1, 6) * DAY);
      const byStaff = rng.chance(0.6);
      Object.assign(extra, {
        revokedAt,
        decidedById: byStaff ? staffIds[rng.pick(["agent1", "agent2", "supervisor"])] : null,
        decisionReason: rng.pick<DeviceActionReason>(byStaff ? ["LOST_OR_STOLEN", "SUSPECTED_COMPROMISE"] : ["CUSTOMER_REQUEST"]),
      });
      // Someone tried the revoked device again.
      if (rng.chance(0.5)) log.add(ctx, addMinutes(revokedAt, rng.int(60, 3000)), method, "FAILURE", { reason: "DEVICE_NOT_AUTHORIZED" });
    }
    push(ctx, firstSeenAt, extra);
  }

  /** A new device stuck at security items with nobody having settled it yet. */
  function strandedPending(acc: PlannedAccount) {
    const firstSeenAt = daysAgo(rng.int(1, 6));
    const ctx = context(acc, rng.uuid7(firstSeenAt), "WEB", homeNetworks(acc.country));
    log.add(ctx, firstSeenAt, "SECURITY_ITEMS", "FAILURE", { reason: "CODE_WRONG" });
    log.add(ctx, addMinutes(firstSeenAt, rng.int(2, 9)), "SECURITY_ITEMS", "FAILURE", { reason: "CODE_EXPIRED" });
    push(ctx, firstSeenAt, { status: "PENDING" });
  }

  for (const acc of accounts) {
    const verified = acc.row.kycStatus === "VERIFIED";
    const method: AuthMethod = verified ? "FACE" : "SECURITY_ITEMS";
    const i = acc.index;
    const primaryEnd = i % 7 === 5 ? "EXPIRED" : i % 13 === 6 ? "REVOKED" : "AUTHORIZED";
    established(acc, PRIMARY[i % PRIMARY.length], method, primaryEnd);
    if (i % 2 === 0) established(acc, "WEB", i % 4 === 0 ? "OLD_DEVICE" : method, i % 6 === 2 ? "REVOKED" : i % 10 === 4 ? "EXPIRED" : "AUTHORIZED");
    if (i === 30 || i === 34) strandedPending(acc);
  }

  for (const c of cases) {
    const acc = accounts[c.scenario.account];
    const s = c.scenario;
    const flags = new Set(s.flags ?? []);
    const home = homeNetworks(acc.country);
    const foreign = networks.filter((n) => n.country !== acc.country && n.kind === "mobile");
    const abroad = foreign[acc.index % foreign.length];
    const nets = flags.has("NEW_NETWORK") ? [hostingNetworks[acc.index % 2], ...home] : flags.has("NEW_COUNTRY") ? [abroad, ...home] : [home[1], home[0]];
    const ctx = context(acc, c.deviceId, rng.pick(["IOS", "ANDROID"] as const), nets, rng.chance(0.5));
    const faceCapable = acc.row.kycStatus === "VERIFIED";
    const tries = flags.has("MANY_FAILURES") ? rng.int(6, 8) : rng.int(2, 4);
    const span = c.createdAt.getTime() - c.deviceFirstSeenAt.getTime();
    for (let k = 0; k < tries; k++) {
      const at = new Date(c.deviceFirstSeenAt.getTime() + Math.floor((span * 0.8 * k) / tries));
      if (!faceCapable) {
        log.add(ctx, at, "SECURITY_ITEMS", "FAILURE", { reason: k % 2 ? "CODE_EXPIRED" : "CODE_WRONG" });
      } else if (flags.has("IP_MISMATCH") && k === tries - 1) {
        log.add(ctx, at, "FACE", "FAILURE", { reason: "IP_MISMATCH", net: home[1], webNet: home[0] });
      } else if (k === 1 && tries > 3) {
        log.add(ctx, at, "OLD_DEVICE", "FAILURE", { reason: "OLD_DEVICE_TIMEOUT" });
      } else {
        log.add(ctx, at, "FACE", "FAILURE", { reason: flags.has("MANY_FAILURES") && k % 3 === 2 ? "FACE_MISMATCH" : "LIVENESS_FAILED" });
      }
    }
    // The identity service hands the login to manual review just before the customer emails.
    log.add(ctx, new Date(c.createdAt.getTime() - rng.int(4, 20) * MINUTE), "MANUAL", "PENDING_REVIEW");

    const extra: Partial<DeviceRow> = { status: "PENDING" };
    if (s.status === "APPROVED" && c.decidedAt && c.deciderId) {
      log.add(ctx, c.decidedAt, "MANUAL", "SUCCESS", { net: nets[nets.length - 1] });
      const recent = now.getTime() - c.decidedAt.getTime() < 30 * DAY;
      const last = recent ? new Date(now.getTime() - rng.int(1, 30) * HOUR) : new Date(c.decidedAt.getTime() + rng.int(2, 6) * DAY);
      log.regularUse({ ...ctx, nets: home }, "MANUAL", addMinutes(c.decidedAt, 60), last);
      Object.assign(extra, { status: recent ? "AUTHORIZED" : "EXPIRED", authMethod: "MANUAL", authorizedAt: c.decidedAt, decidedById: c.deciderId, decisionReason: "CASE_APPROVED", decisionCaseId: c.id });
      if (!recent) extra.expiredAt = new Date(last.getTime() + 30 * DAY + rng.int(1, 50) * MINUTE);
    } else if (s.status === "REJECTED" && c.decidedAt && c.deciderId) {
      const fraud = s.rejectReasons?.includes("SUSPECTED_FRAUD") ?? false;
      Object.assign(extra, { status: "REVOKED", revokedAt: c.decidedAt, decidedById: c.deciderId, decisionReason: fraud ? "SUSPECTED_FRAUD" : "POLICY", decisionCaseId: c.id });
      if (fraud) log.add(ctx, addMinutes(c.decidedAt, rng.int(30, 600)), "FACE", "FAILURE", { reason: "DEVICE_NOT_AUTHORIZED" });
    }
    push(ctx, c.deviceFirstSeenAt, extra);
  }

  log.rows.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return { devices, logins: log.rows };
}
