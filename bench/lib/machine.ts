// What a result was measured on, so two sections of RESULTS.md can be compared honestly.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import type { Db } from "../../lib/db";

export interface Machine {
  cpu: string;
  cores: string;
  memory: string;
  node: string;
  postgres: string;
  /** 1-minute load average just before the run: other work on the machine skews every figure. */
  loadBefore: string;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

function readNumber(file: string): number | undefined {
  try {
    const n = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function cores(): string {
  const usable = os.availableParallelism();
  const online = os.cpus().length;
  // A cgroup quota (containers) can allow fewer CPUs than are online or in the affinity mask.
  const [quota, period] = (() => {
    try {
      return fs.readFileSync("/sys/fs/cgroup/cpu.max", "utf8").trim().split(/\s+/);
    } catch {
      return ["max", "100000"];
    }
  })();
  const limit = quota !== "max" ? Number(quota) / Number(period) : undefined;
  const base = usable === online ? `${usable} cores` : `${usable} usable of ${online} cores`;
  return limit && limit < usable ? `${base} (cgroup quota ${limit.toFixed(1)} CPUs)` : base;
}

function memory(): string {
  const limit = readNumber("/sys/fs/cgroup/memory.max");
  const total = os.totalmem();
  return limit && limit < total ? `${gib(limit)} memory (cgroup limit; host ${gib(total)})` : `${gib(total)} memory`;
}

/** PostgreSQL version plus the settings that decide commit latency. */
async function postgres(db: Db): Promise<string> {
  try {
    const rows = await db.$queryRaw<{ name: string; setting: string }[]>`
      SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'max_connections')`;
    const s = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    const buffers = (await db.$queryRaw<{ shared_buffers: string }[]>`SHOW shared_buffers`)[0]?.shared_buffers;
    return `${s.server_version} (fsync ${s.fsync}, synchronous_commit ${s.synchronous_commit}, shared_buffers ${buffers}, max_connections ${s.max_connections})`;
  } catch (err) {
    return `unknown (${err instanceof Error ? err.message : String(err)})`;
  }
}

export async function describeMachine(db: Db, loadBefore: number): Promise<Machine> {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? os.arch(),
    cores: cores(),
    memory: memory(),
    node: process.version,
    postgres: await postgres(db),
    loadBefore: loadBefore.toFixed(2),
  };
}

/** Short HEAD commit, marked when the working tree has uncommitted changes; "unknown" outside git. */
export function gitCommit(): string {
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  let commit: string;
  try {
    commit = git("rev-parse", "--short", "HEAD");
  } catch {
    return "unknown";
  }
  try {
    return git("status", "--porcelain").length > 0 ? `${commit} + uncommitted changes` : commit;
  } catch {
    return commit;
  }
}
