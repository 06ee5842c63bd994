// Where the CPU went during a measurement: this process, PostgreSQL (every process named
// "postgres"), and everything else on the machine. On a shared box, "everything else" is the noise
// that explains a bad run. Linux /proc only; elsewhere every share is NaN.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import os from "node:os";

interface Sample {
  at: number;
  self: NodeJS.CpuUsage;
  machine?: { busy: number; total: number };
  postgres?: Map<string, number>;
}

export interface CpuShares {
  /** In cores (1.0 = one core fully busy for the whole interval). */
  self: number;
  postgres: number;
  other: number;
  machine: number;
  cores: number;
}

function machineTicks(): Sample["machine"] {
  try {
    const v = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal; guest is already inside user
    return { busy: total - v[3] - v[4], total }; // minus idle and iowait
  } catch {
    return undefined;
  }
}

function postgresTicks(): Sample["postgres"] {
  try {
    const out = new Map<string, number>();
    for (const pid of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      const close = stat.lastIndexOf(")");
      if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
      const f = stat.slice(close + 2).split(" "); // f[0] is field 3 (state); utime, stime are fields 14, 15
      out.set(pid, Number(f[11]) + Number(f[12]));
    }
    return out;
  } catch {
    return undefined;
  }
}

export function cpuSample(): Sample {
  return { at: performance.now(), self: process.cpuUsage(), machine: machineTicks(), postgres: postgresTicks() };
}

export function cpuSince(a: Sample): CpuShares {
  const b = cpuSample();
  const cores = os.cpus().length;
  const wallMs = b.at - a.at;
  const self = (b.self.user - a.self.user + b.self.system - a.self.system) / 1000 / wallMs;
  if (!a.machine || !b.machine || b.machine.total === a.machine.total) return { self, postgres: NaN, other: NaN, machine: NaN, cores };
  const tickPerCore = (b.machine.total - a.machine.total) / cores; // jiffies one core ticks over the interval
  const machine = (b.machine.busy - a.machine.busy) / tickPerCore;
  let pgTicks = NaN;
  if (a.postgres && b.postgres) {
    pgTicks = 0;
    for (const [pid, t] of b.postgres) pgTicks += t - (a.postgres.get(pid) ?? 0);
  }
  const postgres = pgTicks / tickPerCore;
  return { self, postgres, other: Math.max(0, machine - self - postgres), machine, cores };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");

/** "bench 0.53 · PostgreSQL 0.61 · other 0.75 of 2 cores". */
export function cpuCell(s: CpuShares): string {
  return `bench ${f1(s.self)} · PostgreSQL ${f1(s.postgres)} · other ${f1(s.other)} of ${s.cores} cores`;
}
