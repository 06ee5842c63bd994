// npm run security:secrets [-- <dir>] — scans every file git tracks (or, outside a git checkout,
// every file under <dir>) for private keys, cloud and API tokens (our gh_pat_… included),
// webhook secrets, passwords in URLs and high-entropy secrets in .env-like files. Exit 1 with
// file:line for each finding. Exceptions: security/secrets-allowlist.json (each with a reason).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { scanText, type AllowRule, type Finding } from "./secret-rules";

const MAX_BYTES = 2 * 1024 * 1024;
const SKIP_DIRS = new Set([".git", "node_modules", ".next", ".data", "test-results", "playwright-report"]);

function walk(dir: string, root: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(path.join(dir, entry.name), root, out);
    } else if (entry.isFile()) out.push(path.relative(root, path.join(dir, entry.name)).split(path.sep).join("/"));
  }
}

/** Tracked files (git ls-files), or every file under root when it is not a git checkout. */
export function filesToScan(root: string): string[] {
  const git = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (git.status === 0) return git.stdout.split("\0").filter(Boolean);
  const out: string[] = [];
  walk(root, root, out);
  return out;
}

export function loadAllowList(root: string): AllowRule[] {
  const file = path.join(root, "security/secrets-allowlist.json");
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const entries = (parsed as { entries?: unknown }).entries;
  if (!Array.isArray(entries) || entries.some((e) => typeof e?.path !== "string" || typeof e?.reason !== "string" || !e.reason.trim())) {
    throw new Error("security/secrets-allowlist.json: every entry needs a path and a reason");
  }
  return entries as AllowRule[];
}

export function scanRepository(root: string): Finding[] {
  const allow = loadAllowList(root);
  const findings: Finding[] = [];
  for (const file of filesToScan(root)) {
    const full = path.join(root, file);
    if (!existsSync(full) || !statSync(full).isFile() || statSync(full).size > MAX_BYTES) continue;
    const bytes = readFileSync(full);
    if (bytes.subarray(0, 8000).includes(0)) continue; // binary (images, fonts)
    findings.push(...scanText(file, bytes.toString("utf8"), allow));
  }
  return findings;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("scan-secrets.ts")) {
  const root = path.resolve(process.argv[2] ?? path.resolve(import.meta.dirname, "../.."));
  const findings = scanRepository(root);
  for (const f of findings) console.error(`${f.file}:${f.line}: ${f.rule} (${f.excerpt})`);
  console.log(findings.length ? `security:secrets: ${findings.length} finding(s). Remove the secret (and rotate it), or add a documented entry to security/secrets-allowlist.json.` : `security:secrets: no secrets found in ${root}`);
  process.exit(findings.length ? 1 : 0);
}
