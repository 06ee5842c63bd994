// SSRF guard of outbound webhooks (lib/webhooks/target.ts), the cases the integration tests do
// not list: every address of every blocked range (not one sample each), IPv4 embedded in IPv6
// (mapped, NAT64), and the other spellings of an IPv4 address a URL accepts (decimal, hex,
// octal, shortened), which the URL parser turns into the dotted form before the check.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTarget, isPrivateAddress } from "@/lib/webhooks/target";

const runs = { numRuns: 300, seed: 1918 };
const BLOCKED_V4: [string, number][] = [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24],
  ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
];
const toInt = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
const inBlocked = (n: number) => BLOCKED_V4.some(([net, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(toInt(net) / 2 ** (32 - bits)));

const blockedV4 = fc.constantFrom(...BLOCKED_V4).chain(([net, bits]) => fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((host) => toIp(toInt(net) + host)));
const publicV4 = fc.integer({ min: 0, max: 2 ** 32 - 1 }).filter((n) => !inBlocked(n)).map(toIp);
const hex4 = (ip: string) => {
  const n = toInt(ip);
  return `${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
};

describe("SSRF guard (property)", () => {
  it("every address of every blocked IPv4 range is private; addresses outside them are not", () => {
    fc.assert(fc.property(blockedV4, (ip) => isPrivateAddress(ip)), runs);
    fc.assert(fc.property(publicV4, (ip) => !isPrivateAddress(ip)), runs);
  });

  it("IPv4 inside IPv6 (mapped, in dotted or hex form, and NAT64) is refused whatever the IPv4", () => {
    fc.assert(
      fc.property(fc.oneof(blockedV4, publicV4), (ip) => {
        for (const v6 of [`::ffff:${ip}`, `::ffff:${hex4(ip)}`, `64:ff9b::${ip}`, `64:ff9b::${hex4(ip)}`]) expect(isPrivateAddress(v6), v6).toBe(true);
      }),
      runs,
    );
  });

  it("other spellings of a private IPv4 in a URL (decimal, hex, octal, shortened) are refused at save time", async () => {
    await fc.assert(
      fc.asyncProperty(blockedV4, async (ip) => {
        const n = toInt(ip);
        const [a, b, c, d] = ip.split(".").map(Number);
        for (const host of [String(n), `0x${n.toString(16)}`, `0${n.toString(8)}`, `${a}.${b * 65536 + c * 256 + d}`, `0x${a.toString(16)}.${b}.${c}.0${d.toString(8)}`]) {
          await expect(checkTarget(`https://${host}/hook`, false), host).rejects.toMatchObject({ code: "INVALID_INPUT" });
        }
      }),
      { ...runs, numRuns: 100 },
    );
  });
});
