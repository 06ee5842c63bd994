import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis, keyPrefix, sharedRedis } from "@/lib/queue/connection";
import { hit, type Limit, peek, rateLimitKey, reset } from "@/lib/security/rate-limit";

const redis = sharedRedis();
const extra = Array.from({ length: 4 }, () => createRedis("producer"));
afterAll(async () => {
  await Promise.all([redis, ...extra].map((r) => r.quit()));
});

let n = 0;
const limit = (max: number, windowMs: number): Limit => ({ name: `test.${++n}`, max, windowMs });
const T = 1_700_000_000_000;

async function allKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", "*", "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

describe("rate limit", () => {
  it("allows max events in a window, then refuses", async () => {
    const l = limit(3, 60_000);
    const states = [];
    for (let i = 0; i < 5; i++) states.push(await hit(l, "ana@example.com", { now: T + i }));
    expect(states.map((s) => s.allowed)).toEqual([true, true, true, false, false]);
    expect(states.map((s) => s.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(states.slice(0, 4).map((s) => s.count)).toEqual([1, 2, 3, 4]);
    expect(states[0].retryAfterMs).toBe(0);
    expect(states[1].retryAfterMs).toBe(0);
    // Full after the third: the next hit fits once the first event leaves the window, at T + 60 s.
    // Refused hits are recorded too, so each early retry pushes the reopening back.
    const reopensAt = states.slice(2).map((s, i) => T + 2 + i + s.retryAfterMs);
    expect(reopensAt).toEqual([T + 60_000, T + 60_001, T + 60_002]);
  });

  it("slides: events leave the window one by one", async () => {
    const l = limit(2, 1_000);
    const key = "203.0.113.7";
    expect((await hit(l, key, { now: T })).allowed).toBe(true);
    expect((await hit(l, key, { now: T + 400 })).allowed).toBe(true);
    expect(await peek(l, key, { now: T + 999 })).toEqual({ allowed: false, count: 2, remaining: 0, retryAfterMs: 1 });
    // At T+1000 the first event is out of (now - window, now].
    expect(await peek(l, key, { now: T + 1_000 })).toEqual({ allowed: true, count: 1, remaining: 1, retryAfterMs: 0 });
    const third = await hit(l, key, { now: T + 1_000 });
    expect(third).toEqual({ allowed: true, count: 2, remaining: 0, retryAfterMs: 400 });
    const fourth = await hit(l, key, { now: T + 1_100 });
    expect(fourth.allowed).toBe(false);
    expect(fourth.retryAfterMs).toBe(900); // the T+1000 event must go: T+2000 - (T+1100)
    expect((await hit(l, key, { now: T + 2_100 })).allowed).toBe(true);
  });

  it("peek reports without recording", async () => {
    const l = limit(2, 60_000);
    expect(await peek(l, "k", { now: T })).toEqual({ allowed: true, count: 0, remaining: 2, retryAfterMs: 0 });
    await hit(l, "k", { now: T });
    for (let i = 0; i < 3; i++) expect((await peek(l, "k", { now: T + 1 })).count).toBe(1);
    expect((await hit(l, "k", { now: T + 2 })).allowed).toBe(true);
  });

  it("uses Redis's clock when no time is given", async () => {
    const l = limit(2, 60_000);
    expect((await hit(l, "k")).count).toBe(1);
    const state = await peek(l, "k");
    expect(state.count).toBe(1);
    await hit(l, "k");
    const full = await peek(l, "k");
    expect(full.allowed).toBe(false);
    expect(full.retryAfterMs).toBeGreaterThan(55_000);
    expect(full.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("keeps separate counts per key and per limit", async () => {
    const a = limit(1, 60_000);
    const b = limit(1, 60_000);
    expect((await hit(a, "one", { now: T })).allowed).toBe(true);
    expect((await hit(a, "one", { now: T })).allowed).toBe(false);
    expect((await hit(a, "two", { now: T })).allowed).toBe(true);
    expect((await hit(b, "one", { now: T })).allowed).toBe(true);
  });

  it("stores keys under the run's prefix, with the subject hashed, expiring with the window", async () => {
    const l = limit(5, 30_000);
    const subjects = ["ana.secret@example.com", "198.51.100.23"];
    for (const s of subjects) await hit(l, s);
    expect(keyPrefix).toMatch(/^ghit[0-9a-f]+:$/);
    const keys = await allKeys();
    for (const s of subjects) {
      expect(keys.filter((k) => k.includes(s))).toEqual([]);
      const digest = createHash("sha256").update(s).digest("hex").slice(0, 32);
      const expected = `${keyPrefix}rl:${l.name}:${digest}`;
      expect(rateLimitKey(l, s)).toBe(expected);
      expect(keys).toContain(expected);
      const ttl = await redis.pttl(expected);
      expect(ttl).toBeGreaterThan(25_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
    }
  });

  it("allows exactly max of 50 concurrent hits from several connections, and stores at most max events", async () => {
    const l = limit(5, 60_000);
    const clients = [redis, ...extra];
    const states = await Promise.all(Array.from({ length: 50 }, (_, i) => hit(l, "burst", { redis: clients[i % clients.length] })));
    expect(states.filter((s) => s.allowed)).toHaveLength(5);
    expect(states.filter((s) => s.allowed).map((s) => s.count).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(states.filter((s) => !s.allowed).every((s) => s.count === 6 && s.remaining === 0 && s.retryAfterMs > 0)).toBe(true);
    expect(await redis.zcard(rateLimitKey(l, "burst"))).toBe(5);
  });

  it("reset clears the key", async () => {
    const l = limit(1, 60_000);
    await hit(l, "k", { now: T });
    expect((await hit(l, "k", { now: T })).allowed).toBe(false);
    await reset(l, "k");
    expect(await redis.exists(rateLimitKey(l, "k"))).toBe(0);
    expect(await peek(l, "k", { now: T })).toEqual({ allowed: true, count: 0, remaining: 1, retryAfterMs: 0 });
    expect((await hit(l, "k", { now: T })).allowed).toBe(true);
  });

  it("refuses limit definitions that would make bad keys or no sense", async () => {
    await expect(hit({ name: "a:b", max: 1, windowMs: 1000 }, "k")).rejects.toThrow(RangeError);
    await expect(hit({ name: "ok", max: 0, windowMs: 1000 }, "k")).rejects.toThrow(RangeError);
    await expect(hit({ name: "ok", max: 1, windowMs: 1.5 }, "k")).rejects.toThrow(RangeError);
    await expect(peek({ name: "ok", max: 1, windowMs: 1000 }, "k", { now: 1.5 })).rejects.toThrow(RangeError);
  });
});
