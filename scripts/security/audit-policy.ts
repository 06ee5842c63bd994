// The dependency-audit policy, pure so it can be tested on captured `npm audit --json` output:
// high and critical advisories fail the check unless the allow-list names them with a reason and
// an expiry date that has not passed. An expired entry fails too, so exceptions get revisited.

export interface AllowEntry {
  /** The advisory: its GHSA id (GHSA-xxxx-xxxx-xxxx) or npm's numeric source id. */
  id: string;
  package: string;
  reason: string;
  /** YYYY-MM-DD; after this day the entry no longer applies. */
  expires: string;
}

export interface Advisory {
  id: string;
  ghsa: string | null;
  package: string;
  severity: string;
  title: string;
  url: string | null;
}

export type AuditOutcome =
  | { kind: "unreachable"; detail: string }
  | { kind: "error"; detail: string }
  | { kind: "report"; blocking: Advisory[]; allowed: Advisory[]; expired: AllowEntry[]; invalid: string[] };

const BLOCKING = new Set(["high", "critical"]);
const NETWORK_CODES = new Set(["E405", "E404", "E403", "E500", "E502", "E503", "ENOTFOUND", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every advisory in npm's v2 report (auditReportVersion 2): the objects in each vulnerability's `via`. */
export function advisoriesOf(report: Json): Advisory[] {
  const out = new Map<string, Advisory>();
  const vulns = isObject(report.vulnerabilities) ? report.vulnerabilities : {};
  for (const vuln of Object.values(vulns)) {
    if (!isObject(vuln) || !Array.isArray(vuln.via)) continue;
    for (const via of vuln.via) {
      if (!isObject(via) || via.source === undefined) continue; // a string: "through another package"
      const url = typeof via.url === "string" ? via.url : null;
      const ghsa = url?.match(/GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}/i)?.[0] ?? null;
      const advisory = { id: String(via.source), ghsa, package: String(via.name ?? vuln.name), severity: String(via.severity ?? vuln.severity), title: String(via.title ?? ""), url };
      out.set(`${advisory.id}:${advisory.package}`, advisory);
    }
  }
  return [...out.values()];
}

/** Problems with the allow-list file itself (missing fields, bad dates): each one fails the check. */
export function validateAllowList(entries: unknown): { entries: AllowEntry[]; invalid: string[] } {
  const invalid: string[] = [];
  const ok: AllowEntry[] = [];
  if (!Array.isArray(entries)) return { entries: [], invalid: ["the allow-list must have an \"entries\" array"] };
  entries.forEach((e, i) => {
    const fields = ["id", "package", "reason", "expires"] as const;
    const missing = isObject(e) ? fields.filter((f) => typeof e[f] !== "string" || !(e[f] as string).trim()) : [...fields];
    if (missing.length) invalid.push(`entry ${i}: missing ${missing.join(", ")}`);
    else if (!/^\d{4}-\d{2}-\d{2}$/.test((e as Json).expires as string) || Number.isNaN(Date.parse((e as Json).expires as string))) invalid.push(`entry ${i}: expires must be YYYY-MM-DD`);
    else ok.push(e as unknown as AllowEntry);
  });
  return { entries: ok, invalid };
}

const expiredOn = (entry: AllowEntry, now: Date) => new Date(`${entry.expires}T23:59:59.999Z`) < now;

/** Reads npm's output (stdout of `npm audit --json`) and applies the policy. */
export function evaluateAudit(stdout: string, allowList: unknown, now: Date): AuditOutcome {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { kind: "error", detail: "npm audit did not print JSON" };
  }
  if (!isObject(report)) return { kind: "error", detail: "npm audit printed something other than a JSON object" };
  if (report.auditReportVersion !== 2 || !isObject(report.vulnerabilities)) {
    const error = isObject(report.error) ? report.error : {};
    const code = typeof error.code === "string" ? error.code : typeof report.statusCode === "number" ? `E${report.statusCode}` : "";
    const message = typeof report.message === "string" ? report.message : typeof error.summary === "string" ? error.summary : "";
    if (NETWORK_CODES.has(code) || /audit endpoint returned an error|request to .* failed/i.test(message)) return { kind: "unreachable", detail: message || code };
    return { kind: "error", detail: message || code || "npm audit returned no report" };
  }
  const { entries, invalid } = validateAllowList(isObject(allowList) ? allowList.entries : allowList);
  const live = entries.filter((e) => !expiredOn(e, now));
  const matches = (a: Advisory) => live.some((e) => e.package === a.package && (e.id === a.id || (a.ghsa !== null && e.id.toUpperCase() === a.ghsa.toUpperCase())));
  const severe = advisoriesOf(report).filter((a) => BLOCKING.has(a.severity));
  return {
    kind: "report",
    blocking: severe.filter((a) => !matches(a)),
    allowed: severe.filter(matches),
    expired: entries.filter((e) => expiredOn(e, now)),
    invalid,
  };
}
