// The contract between bench/run.ts and a scenario module (bench/scenarios/<name>.ts).
// Type-only imports from lib/ are erased at runtime, so this file never loads lib/config early.
import type { Db } from "../../lib/db";
import type { Flags } from "./args";

/** One measured number. `key` is what targets refer to; `display` overrides the formatted value. */
export interface Figure {
  key: string;
  label: string;
  value: number;
  unit: string;
  /** Decimal places when printed (default: 0 for values ≥ 100, else 2). */
  digits?: number;
  display?: string;
}

/** A goal a figure must meet. Never lower one to make a run pass: report the miss and its cause. */
export interface Target {
  figure: string;
  op: ">=" | "<=" | "==";
  value: number;
  unit: string;
  /** Where the goal comes from (issue, product requirement), shown in README and RESULTS. */
  why?: string;
}

/** An extra detail table (rows × columns of already formatted cells) printed under the figures. */
export interface DetailTable {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface ScenarioResult {
  /** How much data the scenario ran against, in words: "15,200 audit entries appended; chain of 100,000 verified". */
  dataSize: string;
  /** The effective parameters (flag values after defaults), recorded with the result. */
  params: Record<string, string | number>;
  figures: Figure[];
  tables?: DetailTable[];
  /** What limits the figures, what the numbers mean; each becomes a bullet in RESULTS.md. */
  notes?: string[];
}

export interface BenchContext {
  /** The application's own Prisma client (lib/db), pointed at the freshly migrated benchmark database. */
  db: Db;
  databaseUrl: string;
  flags: Flags;
  /** Progress output on stderr, so stdout stays the report. */
  log(message: string): void;
}

export interface Scenario {
  name: string;
  aliases?: string[];
  description: string;
  /** Scenario-specific flags: name (without --) → help text. Anything else is rejected. */
  flags: Record<string, string>;
  targets: Target[];
  /**
   * Fills the empty, migrated database before `run` (called when --scale is given, or with
   * `defaultScale`). A scenario seeds however it wants: prisma/seed, its own factories, COPY.
   * Returns a short description of what it wrote.
   */
  seed?(ctx: BenchContext, scale: string): Promise<string>;
  defaultScale?: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** Identity helper so scenario modules get type checking and editor help on their definition. */
export function defineScenario(s: Scenario): Scenario {
  return s;
}
