// Reads V8 .cpuprofile files (node --cpu-prof) and says where a process's JavaScript thread spent
// its time: self time per package (node_modules/<pkg>, node: internals, the app's own files, the
// Next build's chunks) and per function. Native work on other threads (libvips, libuv's pool) is
// not in these profiles; the main thread's time spent waiting for it shows as idle.
import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Wall time the profile covers, ms. */
  spanMs: number;
  /** Time the thread was doing something (not idle), ms. */
  busyMs: number;
  gcMs: number;
  byPackage: [string, number][];
  byFunction: [string, number][];
}

const SPECIAL = new Set(["(root)", "(idle)", "(program)", "(garbage collector)"]);

function packageOf(url: string, fn: string): string {
  if (!url) return SPECIAL.has(fn) ? fn : "(native / builtins)";
  if (url.startsWith("node:")) return "node: internals";
  const p = url.replace(/^file:\/\//, "");
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = p.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const rel = path.relative(process.cwd(), p);
  if (rel.startsWith(".next/")) return ".next build chunks (app code + bundled deps)";
  return rel.split("/").slice(0, 2).join("/");
}

export function summariseProfiles(dir: string, top = 10): ProfileSummary | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) return undefined;
  const pkg = new Map<string, number>();
  const fn = new Map<string, number>();
  let spanMs = 0;
  let busyMs = 0;
  let gcMs = 0;
  for (const f of files) {
    const prof = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CpuProfile;
    spanMs += (prof.endTime - prof.startTime) / 1000;
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < prof.samples.length; i++) {
      const node = byId.get(prof.samples[i]);
      if (!node) continue;
      const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000; // a sample's time is the gap to the next one
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === "(idle)") continue;
      busyMs += dt;
      if (functionName === "(garbage collector)") gcMs += dt;
      const p = packageOf(url, functionName);
      pkg.set(p, (pkg.get(p) ?? 0) + dt);
      const name = `${functionName || "(anonymous)"} ${url ? `${p === ".next build chunks (app code + bundled deps)" ? path.basename(url) : p}:${lineNumber + 1}` : ""}`.trim();
      fn.set(name, (fn.get(name) ?? 0) + dt);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { spanMs, busyMs, gcMs, byPackage: sorted(pkg), byFunction: sorted(fn) };
}
