// Child processes a scenario starts (web server, workers, local S3) and what they cost: CPU per
// process tree between two marks, and peak memory (sampled VmRSS of the whole tree, plus the
// kernel's own high-water mark VmHWM of each process). Linux /proc only.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<string>;
  exitedEarly(): string | undefined;
}

/** Starts `command` with its output in `logFile` (appended), in the project directory. */
export function startService(name: string, command: string[], opts: { env: NodeJS.ProcessEnv; logFile: string }): Service {
  const fd = fs.openSync(opts.logFile, "a");
  const child = spawn(command[0], command.slice(1), { env: opts.env, cwd: process.cwd(), stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  if (!child.pid) throw new Error(`could not start ${name}: ${command.join(" ")}`);
  let ended: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => {
      ended = signal ?? String(code);
      resolve(ended);
    });
  });
  return { name, child, pid: child.pid, logFile: opts.logFile, exited, exitedEarly: () => ended };
}

/** SIGTERM, then SIGKILL after `graceMs`. Returns how it ended. */
export async function stopService(s: Service, graceMs = 15_000): Promise<string> {
  if (s.exitedEarly() !== undefined) return `exited earlier (${s.exitedEarly()})`;
  s.child.kill("SIGTERM");
  const timer = new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
  const how = await Promise.race([s.exited, timer]);
  if (how !== "timeout") return how;
  s.child.kill("SIGKILL");
  return `killed after ${graceMs} ms (${await s.exited})`;
}

export function logTail(s: Service, lines = 15): string {
  try {
    return fs.readFileSync(s.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Polls `probe` until it returns something truthy; fails early (with the log's tail) when `service` dies. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, service?: Service): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (service?.exitedEarly() !== undefined) throw new Error(`${service.name} exited (${service.exitedEarly()}) while waiting for ${what}:\n${logTail(service)}`);
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${service ? `:\n${logTail(service)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- /proc --------------------------------------------------------------------------------

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

function readStat(pid: string): ProcStat | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // exited meanwhile
  }
  const close = stat.lastIndexOf(")");
  const f = stat.slice(close + 2).split(" "); // f[0] is field 3 (state)
  return { pid: Number(pid), ppid: Number(f[1]), comm: stat.slice(stat.indexOf("(") + 1, close), ticks: Number(f[11]) + Number(f[12]) };
}

function allProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const s = readStat(pid);
    if (s) out.push(s);
  }
  return out;
}

/** The pid and every descendant of it. */
function tree(all: ProcStat[], root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcStat[] = [];
  const stack = all.filter((p) => p.pid === root);
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

/** VmRSS and VmHWM of one process, in KiB (0 when it is gone). */
function memory(pid: number): { rss: number; hwm: number } {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { rss: kib("VmRSS"), hwm: kib("VmHWM") };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

interface MachineTicks {
  busy: number;
  total: number;
  /** Interrupt handling (irq + softirq: loopback networking, block I/O completion), charged to no process. */
  irq: number;
  /** Time the hypervisor ran something else while this VM wanted the CPU. */
  steal: number;
}

function machineTicks(): MachineTicks {
  // user nice system idle iowait irq softirq steal (guest is already inside user)
  const v = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - v[3] - v[4], total, irq: v[5] + v[6], steal: v[7] };
}

export interface CpuMark {
  at: number;
  self: NodeJS.CpuUsage;
  machine: MachineTicks;
  /** Clock ticks per watched group (process tree), plus "postgres" and "redis" by process name. */
  ticks: Map<string, number>;
}

/** CPU used between two marks, in cores (1.0 = one core busy the whole time), per group. */
export interface CpuUse {
  wallMs: number;
  cores: number;
  machine: number;
  /** This (bench) process: the load generator and anything a scenario runs in-process. */
  bench: number;
  groups: Record<string, number>;
  /** Interrupts (irq + softirq) and kernel threads (kworker, ksoftirqd, writeback): work of the kernel for everyone. */
  kernel: number;
  /** CPU the hypervisor gave to other guests while this machine wanted it. */
  steal: number;
  /** Every other process on the machine. */
  other: number;
}

export interface PeakMemory {
  /** Highest sampled sum of VmRSS over the tree, MiB. */
  sampledMiB: number;
  /** Highest VmHWM of any process of the tree, MiB (exact for that process). */
  hwmMiB: number;
  processes: number;
}

/**
 * Watches named process trees: samples their memory every `intervalMs` and reads CPU ticks on
 * demand (`mark` / `since`). PostgreSQL and Redis are watched by process name.
 */
export class ProcessMonitor {
  private roots = new Map<string, number>();
  private peaks = new Map<string, PeakMemory>();
  private windowPeaks = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private byName: Record<string, string> = { postgres: "postgres", "redis-server": "redis" };

  watch(name: string, pid: number): void {
    this.roots.set(name, pid);
    this.peaks.set(name, { sampledMiB: 0, hwmMiB: 0, processes: 1 });
  }

  start(intervalMs = 250): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const all = allProcesses();
    for (const [name, root] of this.roots) {
      const members = tree(all, root);
      if (members.length === 0) continue;
      let sum = 0;
      let hwm = 0;
      for (const m of members) {
        const mem = memory(m.pid);
        sum += mem.rss;
        hwm = Math.max(hwm, mem.hwm);
      }
      const p = this.peaks.get(name)!;
      p.sampledMiB = Math.max(p.sampledMiB, sum / 1024);
      p.hwmMiB = Math.max(p.hwmMiB, hwm / 1024);
      p.processes = Math.max(p.processes, members.length);
      this.windowPeaks.set(name, Math.max(this.windowPeaks.get(name) ?? 0, sum / 1024));
    }
  }

  /** Whole-run peak of one group. */
  peak(name: string): PeakMemory | undefined {
    return this.peaks.get(name);
  }

  /** Peak sampled RSS per group since the last call (for per-phase tables). */
  takeWindowPeaks(): Record<string, number> {
    this.sample();
    const out = Object.fromEntries(this.windowPeaks);
    this.windowPeaks.clear();
    return out;
  }

  mark(): CpuMark {
    const all = allProcesses();
    const ticks = new Map<string, number>();
    for (const [name, root] of this.roots) ticks.set(name, tree(all, root).reduce((s, p) => s + p.ticks, 0));
    for (const p of all) {
      const group = p.pid === 2 || p.ppid === 2 ? KERNEL_THREADS : this.byName[p.comm];
      if (group) ticks.set(group, (ticks.get(group) ?? 0) + p.ticks);
    }
    return { at: performance.now(), self: process.cpuUsage(), machine: machineTicks(), ticks };
  }

  since(a: CpuMark, b: CpuMark = this.mark()): CpuUse {
    const cores = os.cpus().length;
    const wallMs = b.at - a.at;
    const tickPerCore = (b.machine.total - a.machine.total) / cores || 1;
    const machine = (b.machine.busy - a.machine.busy) / tickPerCore;
    const bench = (b.self.user - a.self.user + b.self.system - a.self.system) / 1000 / wallMs;
    const groups: Record<string, number> = {};
    for (const [name, t] of b.ticks) if (name !== KERNEL_THREADS) groups[name] = Math.max(0, t - (a.ticks.get(name) ?? 0)) / tickPerCore;
    const watched = Object.values(groups).reduce((s, v) => s + v, 0);
    const kthreads = Math.max(0, (b.ticks.get(KERNEL_THREADS) ?? 0) - (a.ticks.get(KERNEL_THREADS) ?? 0)) / tickPerCore;
    const kernel = kthreads + (b.machine.irq - a.machine.irq) / tickPerCore;
    const steal = (b.machine.steal - a.machine.steal) / tickPerCore;
    return { wallMs, cores, machine, bench, groups, kernel, steal, other: Math.max(0, machine - bench - watched - kernel - steal) };
  }
}

const KERNEL_THREADS = "(kernel threads)";

const f2 = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n.toFixed(2) : "n/a");

/** "web 1.10 · s3rver 0.40 · PostgreSQL 0.05 · bench 0.20 · other 0.03 of 2 cores" */
export function cpuUseCell(u: CpuUse, order: [group: string, label: string][]): string {
  const pick = (g: string) => (g === "bench" ? u.bench : g === "other" ? u.other : g === "kernel" ? u.kernel : g === "steal" ? u.steal : (u.groups[g] ?? 0));
  const parts = order.map(([g, label]) => `${label} ${f2(pick(g))}`);
  return `${parts.join(" · ")} of ${u.cores} cores`;
}
