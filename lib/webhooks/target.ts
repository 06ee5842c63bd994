import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { AppError } from "../errors";

// SSRF guard for webhook targets. An endpoint URL is checked when it is saved, and again at every
// send after DNS resolution, on the very addresses the socket connects to (lib/webhooks/post.ts
// passes `guardedLookup` to the request), so a name that later resolves to 10.0.0.1 or
// 169.254.169.254 (DNS rebinding) is refused too.

// Two lists: BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules (and back), and the
// ::ffff:0:0/96 rule below must not catch every IPv4 address.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blockedV4.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["::ffff:0:0", 96], // IPv4-mapped: never needed for a real target
  ["64:ff9b::", 96], // NAT64
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 32], // Teredo
  ["2001:db8::", 32],
  ["2002::", 16], // 6to4
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10],
  ["ff00::", 8], // multicast
] as const) {
  blockedV6.addSubnet(net, prefix, "ipv6");
}

/** True for loopback, private, link-local, CGNAT, multicast, reserved and documentation addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address: refuse rather than guess
  return family === 4 ? blockedV4.check(address, "ipv4") : blockedV6.check(address, "ipv6");
}

export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetRefused";
  }
}

/** The URL rules: https (http only where private targets are allowed), no credentials, a host. */
export function parseTargetUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("INVALID_INPUT", "The URL is not valid.", { fields: [{ path: "url", message: "not a URL" }] });
  }
  const refuse = (message: string) => new AppError("INVALID_INPUT", message, { fields: [{ path: "url", message }] });
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) throw refuse("Webhook URLs must use https.");
  if (url.username || url.password) throw refuse("Put no credentials in the URL; requests are signed.");
  if (!url.hostname) throw refuse("The URL has no host.");
  if (url.hash) throw refuse("The URL must not have a fragment.");
  return url;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** Resolves the URL's host; refuses it when any address is private (unless allowed) or it does not resolve. */
export async function checkTarget(raw: string, allowPrivate: boolean): Promise<URL> {
  const url = parseTargetUrl(raw, allowPrivate);
  if (allowPrivate) return url;
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(hostOf(url));
  } catch {
    throw new AppError("INVALID_INPUT", "The URL's host does not resolve.", { fields: [{ path: "url", message: "host does not resolve" }] });
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (addresses.length === 0 || bad) {
    throw new AppError("INVALID_INPUT", "The URL points at a private, loopback or link-local address; webhooks go to public hosts only.", {
      fields: [{ path: "url", message: "private address" }],
    });
  }
  return url;
}

/**
 * A `lookup` for http(s).request that resolves, then refuses private addresses (unless allowed):
 * the socket connects only to an address that passed the check. Handles both the single-address
 * and the `all: true` form (Node's happy-eyeballs connect asks for all).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
    dnsLookup(hostname, { all: true, verbatim: true, family }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : "", 0);
      const ok = allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (ok.length === 0 || ok.length !== addresses.length) {
        return callback(new TargetRefused(`refused: ${hostname} resolves to a private address`), options.all ? [] : "", 0);
      }
      if (options.all) return callback(null, ok);
      callback(null, ok[0].address, ok[0].family);
    });
  };
}
