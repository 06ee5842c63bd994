// What the secret scanner looks for, and what it lets through. Pure: scanText() is tested on
// planted secrets, scripts/security/scan-secrets.ts runs it over every tracked file.

export interface Finding {
  file: string;
  line: number;
  rule: string;
  /** The match with its middle masked, so the report does not spread the secret further. */
  excerpt: string;
}

export interface AllowRule {
  /** Glob on the repository path ("**" any directories, "*" within one). */
  path: string;
  /** Only this rule (any rule when absent). */
  rule?: string;
  /** Only matches containing this text (any match when absent). */
  contains?: string;
  reason: string;
}

interface Rule {
  name: string;
  pattern: RegExp;
  /** Only in files whose path matches (default: every file). */
  files?: RegExp;
  /** Extra check on the match (e.g. entropy). */
  accept?: (match: RegExpExecArray) => boolean;
}

/** Shannon entropy in bits per character: random keys score high, words and placeholders low. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

const ENV_FILE = /(^|\/)(\.env(\.[\w.-]+)?|[\w.-]+\.env|\.npmrc|\.netrc)$/;
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|API_?KEY|SIGNING_?KEY|ACCESS_?KEY|CREDENTIALS?)/i;

export const RULES: Rule[] = [
  { name: "private-key", pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g },
  { name: "aws-access-key-id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: "aws-secret-access-key", pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/gi },
  { name: "gatehouse-api-token", pattern: /\bgh_pat_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  { name: "github-token", pattern: /\b(?:gh[oprsu]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/g },
  { name: "slack-token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { name: "stripe-live-key", pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/g },
  { name: "google-api-key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: "webhook-secret", pattern: /\bwhsec_[A-Za-z0-9+/]{32,}={0,2}/g, accept: (m) => entropy(m[0].slice(6)) >= 3.5 },
  { name: "password-in-url", pattern: /\b(?:postgres(?:ql)?|mysql|redis|rediss|mongodb(?:\+srv)?|amqps?|smtps?|https?):\/\/[^\s:@/'"`]+:([^\s@/'"`]{6,})@/g, accept: (m) => !/^\$\{|^<|^\*+$|^(password|secret|changeme|pass)$/i.test(m[1]) },
  {
    name: "high-entropy-env-assignment",
    files: ENV_FILE,
    pattern: /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*["']?([^\s"'#]{16,})/gm,
    accept: (m) => SECRET_NAME.test(m[1]) && entropy(m[2]) >= 3.5,
  },
];

function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\/?/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]").replace(/\u0000/g, "(?:.*/)?");
  return new RegExp(`^${re.replace(/\(\?:\.\*\/\)\?$/, ".*")}$`);
}

function mask(s: string): string {
  return s.length <= 12 ? `${s.slice(0, 2)}…` : `${s.slice(0, 8)}…${s.slice(-2)}`;
}

/**
 * Findings in one file's text. Two built-in exceptions besides the allow-list: the documented
 * dev-only defaults ("dev-only-…", refused in production by lib/config.ts unless ALLOW_DEV_SECRETS)
 * and lines marked `secret-scan: allow` with a reason after it.
 */
export function scanText(file: string, text: string, allow: readonly AllowRule[] = []): Finding[] {
  const findings: Finding[] = [];
  const allowed = allow.map((a) => ({ ...a, re: globToRegExp(a.path) }));
  for (const rule of RULES) {
    if (rule.files && !rule.files.test(file)) continue;
    for (const m of text.matchAll(rule.pattern)) {
      const match = m as RegExpExecArray;
      if (rule.accept && !rule.accept(match)) continue;
      if (match[0].includes("dev-only-")) continue;
      const line = text.slice(0, match.index).split("\n").length;
      const lineText = text.split("\n", line)[line - 1] ?? "";
      if (/secret-scan: allow \S/.test(lineText)) continue;
      if (allowed.some((a) => a.re.test(file) && (!a.rule || a.rule === rule.name) && (!a.contains || match[0].includes(a.contains)))) continue;
      findings.push({ file, line, rule: rule.name, excerpt: mask(match[0]) });
    }
  }
  return findings;
}
