// Scenario discovery: every bench/scenarios/<name>.ts whose default export is a Scenario named
// <name>. Adding a scenario is adding a file. Import this only after the environment is set:
// scenario modules import lib/ statically, and lib/config reads process.env once.
import fs from "node:fs";
import type { Scenario } from "./types";

const DIR = new URL("../scenarios/", import.meta.url);

function isScenario(v: unknown): v is Scenario {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Partial<Scenario>;
  return typeof s.name === "string" && typeof s.description === "string" && typeof s.run === "function" && Array.isArray(s.targets) && typeof s.flags === "object";
}

export async function loadScenarios(): Promise<Scenario[]> {
  const files = fs.readdirSync(DIR).filter((f) => /^[a-z0-9][a-z0-9-]*\.ts$/.test(f)).sort();
  const out: Scenario[] = [];
  for (const file of files) {
    const mod: { default?: unknown } = await import(new URL(file, DIR).href);
    const name = file.replace(/\.ts$/, "");
    if (!isScenario(mod.default)) throw new Error(`bench/scenarios/${file} must default-export defineScenario({ … })`);
    if (mod.default.name !== name) throw new Error(`bench/scenarios/${file} names itself ${JSON.stringify(mod.default.name)}; use ${JSON.stringify(name)}`);
    out.push(mod.default);
  }
  return out;
}

export function findScenario(all: Scenario[], name: string): Scenario | undefined {
  return all.find((s) => s.name === name || s.aliases?.includes(name));
}

export function describeScenarios(all: Scenario[]): string {
  const lines = all.map((s) => {
    const names = [s.name, ...(s.aliases ?? [])].join(", ");
    const flags = Object.entries(s.flags).map(([f, help]) => `      --${f}  ${help}`);
    return [`  ${names}`, `      ${s.description}`, ...flags].join("\n");
  });
  return lines.join("\n");
}
