// Turns a scenario's figures into the markdown section appended to bench/RESULTS.md (and printed).
import fs from "node:fs";
import path from "node:path";
import type { Machine } from "./machine";
import type { Figure, Scenario, ScenarioResult, Target } from "./types";

export const RESULTS_PATH = path.resolve("bench/RESULTS.md");

const RESULTS_HEADER = `# Benchmark results

Every \`npm run bench -- <scenario>\` appends one section here (newest last): when it ran, on
which commit and machine, against how much data, with which parameters, and each figure beside
its target. Targets are goals, not descriptions of the last run: a miss stays a miss until the
code (or the hardware it is judged on) changes, and the section's notes say what limits it.
See bench/README.md for how to run the scenarios.
`;

export interface RunRecord {
  scenario: Scenario;
  result: ScenarioResult;
  commit: string;
  startedAt: Date;
  commandLine: string;
  machine: Machine;
}

export function formatNumber(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : 2);
  return value.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

function formatFigure(f: Figure): string {
  if (f.display !== undefined) return f.display;
  const n = formatNumber(f.value, f.digits);
  return f.unit ? `${n} ${f.unit}` : n;
}

function formatTarget(t: Target): string {
  const op = t.op === ">=" ? "≥" : t.op === "<=" ? "≤" : "=";
  const v = formatNumber(t.value, Number.isInteger(t.value) ? 0 : undefined);
  return t.unit ? `${op} ${v} ${t.unit}` : `${op} ${v}`;
}

export function meets(t: Target, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (t.op === ">=") return value >= t.value;
  if (t.op === "<=") return value <= t.value;
  return value === t.value;
}

export interface Verdict {
  target: Target;
  figure?: Figure;
  pass: boolean;
}

export function verdicts(targets: Target[], figures: Figure[]): Verdict[] {
  return targets.map((target) => {
    const figure = figures.find((f) => f.key === target.figure);
    return { target, figure, pass: figure !== undefined && meets(target, figure.value) };
  });
}

const cell = (s: string) => s.replaceAll("|", "\\|");

function table(columns: string[], rows: string[][], align?: string[]): string {
  const head = `| ${columns.map(cell).join(" | ")} |`;
  const sep = `|${columns.map((_, i) => (align?.[i] === "r" ? "---:" : "---")).join("|")}|`;
  return [head, sep, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

export function renderSection(rec: RunRecord): string {
  const { scenario, result, machine } = rec;
  const vs = verdicts(scenario.targets, result.figures);
  const passed = vs.filter((v) => v.pass).length;
  const when = rec.startedAt.toISOString().replace("T", " ").slice(0, 16);
  const params = Object.entries(result.params).map(([k, v]) => `${k}=${typeof v === "number" ? formatNumber(v, 0) : v}`);

  const rows: string[][] = result.figures.map((f) => {
    const targets = vs.filter((v) => v.target.figure === f.key);
    if (targets.length === 0) return [f.label, formatFigure(f), "", ""];
    return [f.label, formatFigure(f), targets.map((v) => formatTarget(v.target)).join(", "), targets.every((v) => v.pass) ? "✅ pass" : "❌ miss"];
  });
  // A target whose figure was not produced (e.g. its concurrency level was not run) is a miss, visibly.
  for (const v of vs.filter((x) => !x.figure)) rows.push([`\`${v.target.figure}\``, "not measured", formatTarget(v.target), "❌ miss"]);

  const out: string[] = [
    `## ${scenario.name} — ${when} UTC`,
    "",
    `- **Commit:** \`${rec.commit}\``,
    `- **Scenario:** ${scenario.name} — ${scenario.description}`,
    `- **Data size:** ${result.dataSize}`,
    `- **Parameters:** ${params.join(", ")}${rec.commandLine ? ` (command line: \`${rec.commandLine}\`)` : ""}`,
    `- **Machine:** ${machine.cpu}, ${machine.cores}, ${machine.memory}, Node ${machine.node}, PostgreSQL ${machine.postgres}; load average ${machine.loadBefore} when the run started`,
    `- **Targets met:** ${passed} of ${vs.length}`,
    "",
    table(["Figure", "Measured", "Target", "Result"], rows, ["l", "r", "l", "l"]),
  ];
  for (const t of result.tables ?? []) out.push("", `**${t.title}**`, "", table(t.columns, t.rows, t.columns.map((_, i) => (i === 0 ? "l" : "r"))));
  const why = scenario.targets.filter((t) => t.why).map((t) => `\`${t.figure}\` ${formatTarget(t)}: ${t.why}`);
  if (result.notes?.length || why.length) {
    out.push("", "**Notes**", "");
    for (const n of result.notes ?? []) out.push(`- ${n}`);
    for (const w of why) out.push(`- Target ${w}`);
  }
  return out.join("\n") + "\n";
}

export function appendResults(section: string, file = RESULTS_PATH): void {
  const exists = fs.existsSync(file);
  const text = exists ? fs.readFileSync(file, "utf8") : "";
  const prefix = !exists ? RESULTS_HEADER + "\n" : text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
  fs.appendFileSync(file, prefix + section);
}
