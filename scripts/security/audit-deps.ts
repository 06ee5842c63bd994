// npm run security:audit — `npm audit --omit=dev` for high and critical advisories in what ships,
// with a documented allow-list (security/audit-allowlist.json: id, package, reason, expires).
// Exit 1 on any advisory not allowed, on an expired or malformed allow-list entry, or when npm
// fails. When the advisory database cannot be reached (air-gapped mirrors answer 405) the check is
// skipped with a warning, unless SECURITY_AUDIT_REQUIRED=true (CI with network access).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { evaluateAudit } from "./audit-policy";

const root = path.resolve(import.meta.dirname, "../..");
const allowListPath = path.join(root, "security/audit-allowlist.json");
const required = process.env.SECURITY_AUDIT_REQUIRED === "true";

const npm = spawnSync("npm", ["audit", "--json", "--omit=dev"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
const outcome = evaluateAudit(npm.stdout ?? "", JSON.parse(readFileSync(allowListPath, "utf8")), new Date());

if (outcome.kind === "unreachable") {
  console.warn(`security:audit: advisory database unreachable: dependency audit skipped (${outcome.detail})`);
  process.exit(required ? 1 : 0);
}
if (outcome.kind === "error") {
  console.error(`security:audit: npm audit failed: ${outcome.detail}`);
  process.exit(1);
}
for (const a of outcome.allowed) console.log(`allowed  ${a.severity.padEnd(8)} ${a.package}  ${a.ghsa ?? a.id}  ${a.title}`);
for (const e of outcome.expired) console.error(`expired  allow-list entry ${e.id} (${e.package}) expired on ${e.expires}: fix the dependency or renew the entry with a reason`);
for (const msg of outcome.invalid) console.error(`invalid  ${path.relative(root, allowListPath)}: ${msg}`);
for (const a of outcome.blocking) console.error(`BLOCKING ${a.severity.padEnd(8)} ${a.package}  ${a.ghsa ?? a.id}  ${a.title}${a.url ? `  ${a.url}` : ""}`);
const failed = outcome.blocking.length + outcome.expired.length + outcome.invalid.length;
console.log(failed ? `security:audit: ${failed} problem(s)` : `security:audit: no high or critical advisories outside the allow-list`);
process.exit(failed ? 1 : 0);
