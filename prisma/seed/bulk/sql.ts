import { CURRENT_APP, OLD_APP, deviceModels, networks, userAgent } from "../world/catalog";

// SQL fragments for bulk generation. Rows are generated inside Postgres from generate_series, with
// per-row pseudo-random choices from hashint8extended(row number, salt): the same flags give the
// same distribution every run, and nothing crosses the wire but the statement.

/** Non-negative pseudo-random bigint for row `expr`, independent per salt. */
export const h = (expr: string, salt: number) => `(hashint8extended((${expr})::int8, ${salt}::int8) & 9223372036854775807)`;

/** A uniformly chosen element of constant `items`. */
export function pick(items: readonly (string | number)[], expr: string, salt: number, cast = ""): string {
  return `(${arr(items, cast)})[1 + ${h(expr, salt)} % ${items.length}]`;
}

/** A Postgres ARRAY literal of constants from this codebase (quoted, never user input). */
export function arr(items: readonly (string | number)[], cast = ""): string {
  const list = items.map((v) => (typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`)).join(",");
  return `ARRAY[${list}]${cast}`;
}

/** Random fraction in [0, 1) for row `expr`. */
export const frac = (expr: string, salt: number) => `((${h(expr, salt)} % 1000000)::float8 / 1000000.0)`;

export const days = (n: string | number) => `make_interval(secs => (${n})::float8 * 86400)`;

/**
 * UUIDv7 with the given time, like Prisma's uuid(7) default (Postgres 15 has no uuidv7()). With a
 * seed the other 74 bits come from md5(seed), so every session computes the same plan ids; without
 * one they are random. A pg_temp function: it lives for this session only and changes no schema.
 */
export const UUID7_FN = `
CREATE OR REPLACE FUNCTION pg_temp.gh_uuid7(ts timestamptz, seed text DEFAULT NULL) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(set_bit(set_bit(set_bit(set_bit(
    overlay(coalesce(decode(md5(seed), 'hex'), uuid_send(gen_random_uuid()))
      PLACING substring(int8send(floor(extract(epoch FROM ts) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
    52, 1), 53, 1), 54, 1), 55, 0), 70, 0), 71, 1), 'hex')::uuid
$$`;
export const uuid7 = (ts: string, seed?: string) => (seed ? `pg_temp.gh_uuid7(${ts}, ${seed})` : `pg_temp.gh_uuid7(${ts})`);

// Fictional names for bulk customers (the demo world uses faker; here variety matters less than speed).
export const FIRST_NAMES = ["Alex", "Maria", "Jonas", "Lea", "Omar", "Sofia", "Lukas", "Emma", "Mateo", "Chloe", "Yusuf", "Ana", "Noah", "Mia", "Piotr", "Zeynep", "Luca", "Julia", "Tomás", "Elif", "Daan", "Sara", "Hugo", "Ines", "Karim", "Nora", "Felix", "Lina", "Rafael", "Amelie"];
export const LAST_NAMES = ["Novak", "García", "Schmidt", "Rossi", "Dubois", "Yılmaz", "Kowalski", "de Vries", "Silva", "Smith", "Müller", "Martin", "López", "Bianchi", "Nowak", "Jansen", "Santos", "Brown", "Weber", "Moreau", "Kaya", "Lewandowska", "Bakker", "Costa", "Taylor", "Fischer", "Leroy", "Romero", "Conti", "Demir"];
export const LOCALES = ["en-GB", "de-DE", "fr-FR", "es-ES", "pt-BR", "tr-TR", "it-IT", "pl-PL", "nl-NL", "en-US"];
export const EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example"];

// Network catalogue as parallel arrays (index i is networks[i]); addresses follow catalog.ipIn's plan.
export const NET = {
  count: networks.length,
  asn: networks.map((n) => n.asn),
  name: networks.map((n) => n.name),
  country: networks.map((n) => n.country),
  v4: networks.map((n) => ["192.0.2.", "198.51.100.", "203.0.113."][n.index % 3]),
  base: networks.map((n) => Math.floor(n.index / 3) * 16 + 1),
};
/** `net` is a 1-based SQL index into NET; `host` picks the address inside the network's slice. */
export const ipOf = (net: string, host: string) => `(${arr(NET.v4)})[${net}] || ((${arr(NET.base)})[${net}] + (${host}) % 15)::text`;

export const PLATFORMS = ["IOS", "ANDROID", "WEB", "DESKTOP", "OTHER"] as const;
const PLATFORM_WEIGHTS = ["IOS", "IOS", "IOS", "ANDROID", "ANDROID", "ANDROID", "ANDROID", "WEB", "WEB", "DESKTOP", "OTHER"];
export const pickPlatform = (expr: string, salt: number) => pick(PLATFORM_WEIGHTS, expr, salt);

/** Model and user agent for a platform column, chosen per row. */
export function modelFor(platformCol: string, expr: string, salt: number): string {
  return `CASE ${platformCol} ${PLATFORMS.map((p) => `WHEN '${p}' THEN ${pick(deviceModels[p].map((m) => m.model), expr, salt)}`).join(" ")} END`;
}
export function userAgentFor(platformCol: string, expr: string, salt: number): string {
  const uas = (p: (typeof PLATFORMS)[number]) => deviceModels[p].flatMap((m) => CURRENT_APP.map((v) => userAgent(m, v)));
  return `CASE ${platformCol} ${PLATFORMS.map((p) => `WHEN '${p}' THEN ${pick(uas(p), expr, salt)}`).join(" ")} END`;
}
export const appVersion = (expr: string, salt: number) => pick([...CURRENT_APP, ...CURRENT_APP, ...OLD_APP], expr, salt);
