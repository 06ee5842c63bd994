import type { Address } from "../types";

// Display-name spoofing: "support@gatehouse.test" <attacker@evil.example>, or "Gatehouse Support"
// writing from a foreign domain. A flag for the agent, not a verdict: a customer called Gatehouse
// exists somewhere.

// Latin look-alikes from Cyrillic and Greek that NFKC leaves alone.
const CONFUSABLES: Record<string, string> = {
  а: "a", е: "e", о: "o", р: "p", с: "c", у: "y", х: "x", і: "i", ј: "j", ѕ: "s", ԁ: "d", һ: "h", ӏ: "l",
  α: "a", ε: "e", ο: "o", ρ: "p", τ: "t", υ: "u", ν: "v", ι: "i", κ: "k",
};

function fold(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/g, "")
    .replace(/./gu, (c) => CONFUSABLES[c] ?? c);
}

const domainOf = (address: string) => fold(address.split("@").pop() ?? "");

function isOwn(domain: string, own: string[]): boolean {
  return own.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** The brand word of each own domain ("gatehouse" for gatehouse.test, support.gatehouse.io). */
function brands(own: string[]): string[] {
  const out = new Set<string>();
  for (const d of own) {
    const labels = d.split(".");
    const brand = labels.length >= 2 ? labels[labels.length - 2] : labels[0];
    if (brand && brand.length >= 4) out.add(brand);
  }
  return [...out];
}

export function displayNameSpoof(from: Address | null, ownDomains: string[]): boolean {
  if (!from?.name) return false;
  const name = fold(from.name);
  const address = fold(from.address);
  const own = ownDomains.map((d) => fold(d.trim().replace(/^@/, ""))).filter(Boolean);

  // An address written in the display name that is not the real one.
  const named = name.match(/[^\s<>"'()[\],;:]+@[^\s<>"'()[\],;:]+\.[^\s<>"'()[\],;:]+/g) ?? [];
  if (named.some((a) => a.replace(/\.$/, "") !== address)) return true;

  if (isOwn(domainOf(from.address), own)) return false;
  const squashed = name.replace(/[^a-z0-9.]/g, "");
  return own.some((d) => squashed.includes(d)) || brands(own).some((b) => squashed.includes(b));
}
