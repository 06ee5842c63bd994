import type { DevicePlatform } from "../../../lib/db";

// Fixed catalogues the demo world draws from. Everything here is reserved or fictional: IPv4
// documentation ranges (RFC 5737), the IPv6 documentation prefix (RFC 3849), documentation ASNs
// (RFC 5398), reserved email domains (RFC 2606 / RFC 6761), Ofcom and NANP fictional phone ranges,
// and made-up company names.

export interface Network {
  index: number;
  asn: number;
  name: string;
  country: string;
  kind: "broadband" | "mobile" | "hosting";
}

export const COUNTRIES = ["GB", "US", "DE", "FR", "ES", "IT", "NL", "PL", "BR", "TR"] as const;

const BROADBAND = ["Northwind Broadband", "Fabrikam Fiber", "Tailspin Cable", "Litware Net", "Adatum Telecom", "Proseware Online", "Woodgrove Connect", "Wingtip Broadband", "Alpine Net", "Coho Fibre"];
const MOBILE = ["Contoso Mobile", "Lucerne Wireless", "Margie Mobile", "Relecloud Cellular", "Humongous Wireless", "Trey Mobile", "Blue Yonder Mobile", "Datum Cellular", "Graphic Mobile", "Southridge Wireless"];

const DOC_ASNS = [...Array.from({ length: 16 }, (_, i) => 64496 + i), ...Array.from({ length: 16 }, (_, i) => 65536 + i)];

export const networks: Network[] = [
  ...COUNTRIES.flatMap((country, i) => [
    { index: 2 * i, asn: DOC_ASNS[2 * i], name: `${BROADBAND[i]} ${country}`, country, kind: "broadband" as const },
    { index: 2 * i + 1, asn: DOC_ASNS[2 * i + 1], name: `${MOBILE[i]} ${country}`, country, kind: "mobile" as const },
  ]),
  { index: 20, asn: DOC_ASNS[20], name: "Example Hosting (datacenter)", country: "NL", kind: "hosting" },
  { index: 21, asn: DOC_ASNS[21], name: "Nimbus VPN Services", country: "US", kind: "hosting" },
];

export const homeNetworks = (country: string) => networks.filter((n) => n.country === country && n.kind !== "hosting");
export const hostingNetworks = networks.filter((n) => n.kind === "hosting");

const V4_BLOCKS = ["192.0.2.", "198.51.100.", "203.0.113."];

/** An address inside the network's slice of the documentation ranges (IPv6 for some mobile hosts). */
export function ipIn(net: Network, host: number): string {
  if (net.kind === "mobile" && host % 3 === 0) return `2001:db8:${(net.index + 1).toString(16)}::${(host % 4096).toString(16)}`;
  const block = V4_BLOCKS[net.index % 3];
  const slice = Math.floor(net.index / 3);
  return `${block}${slice * 16 + 1 + (host % 15)}`;
}

export const EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example"];
export const SUPPORT_ADDRESS = "id-review@exchange.example";
export const OUTBOUND_DOMAIN = "notify.exchange.example";

/** Ofcom's drama range (07700 900000–900999) and NANP's 555-0100–0199. */
export function fictionalPhone(country: string, n: number): string {
  return country === "US" || country === "BR" ? `+1202555${String(100 + (n % 100)).padStart(4, "0")}` : `+447700900${String(n % 1000).padStart(3, "0")}`;
}

export const CURRENT_APP = ["7.4.1", "7.4.0", "7.3.2"];
export const OLD_APP = ["6.9.3", "7.0.1"];

export interface DeviceModel {
  platform: DevicePlatform;
  model: string;
  os: string;
}

export const deviceModels: Record<DevicePlatform, DeviceModel[]> = {
  IOS: [
    { platform: "IOS", model: "iPhone 15 Pro", os: "iOS 18.1" },
    { platform: "IOS", model: "iPhone 14", os: "iOS 17.6" },
    { platform: "IOS", model: "iPhone 13 mini", os: "iOS 17.5" },
    { platform: "IOS", model: "iPhone SE (3rd generation)", os: "iOS 16.7" },
    { platform: "IOS", model: "iPad Air (5th generation)", os: "iPadOS 18.1" },
  ],
  ANDROID: [
    { platform: "ANDROID", model: "Pixel 8", os: "Android 15" },
    { platform: "ANDROID", model: "Galaxy S23", os: "Android 14" },
    { platform: "ANDROID", model: "Galaxy A54", os: "Android 14" },
    { platform: "ANDROID", model: "Redmi Note 12", os: "Android 13" },
    { platform: "ANDROID", model: "OnePlus 11", os: "Android 14" },
  ],
  WEB: [
    { platform: "WEB", model: "Chrome 131 on Windows", os: "Windows 11" },
    { platform: "WEB", model: "Safari 18 on macOS", os: "macOS 15.1" },
    { platform: "WEB", model: "Firefox 133 on Linux", os: "Linux" },
    { platform: "WEB", model: "Edge 131 on Windows", os: "Windows 10" },
  ],
  DESKTOP: [
    { platform: "DESKTOP", model: "Desktop app on macOS", os: "macOS 14.6" },
    { platform: "DESKTOP", model: "Desktop app on Windows", os: "Windows 11" },
  ],
  OTHER: [{ platform: "OTHER", model: "Android TV app", os: "Android TV 12" }],
};

export function userAgent(m: DeviceModel, appVersion: string): string {
  switch (m.platform) {
    case "IOS":
      return `ExampleExchange/${appVersion} (${m.model}; ${m.os}; Scale/3.00)`;
    case "ANDROID":
      return `ExampleExchange/${appVersion} (Linux; ${m.os}; ${m.model})`;
    case "DESKTOP":
      return `ExampleExchangeDesktop/${appVersion} (${m.os}) Electron/33.2.0`;
    case "OTHER":
      return `ExampleExchangeTV/${appVersion} (${m.os})`;
    case "WEB":
      if (m.model.startsWith("Safari")) return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";
      if (m.model.startsWith("Firefox")) return "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
      if (m.model.startsWith("Edge")) return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
      return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  }
}

/** ASCII slug of a name for email local parts: "Łęski Öztürk" → "leskiozturk". */
export function slug(s: string): string {
  const special: Record<string, string> = { ß: "ss", ł: "l", Ł: "l", ı: "i", ø: "o", Ø: "o", æ: "ae", Æ: "ae", đ: "d" };
  return [...s]
    .map((c) => special[c] ?? c)
    .join("")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}
