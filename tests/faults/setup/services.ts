// Private services for the fault suite: a PostgreSQL cluster, a redis-server and an s3rver, each
// on a free loopback port with its data in one temporary directory, so the suite can stop, kill
// and restart them without touching the machine's shared Postgres (5432) and Redis (6379).
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > end) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Every child process and directory this run made, for cleanup even after a failure. */
export class Registry {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-faults-"));
  private readonly children = new Set<ChildProcess>();
  private readonly finalizers: (() => Promise<void>)[] = [];
  /** Synchronous last resorts for an interrupted run (Ctrl-C, a killed test process). */
  private readonly onExit: (() => void)[] = [];
  private cleaned = false;

  constructor() {
    const last = () => {
      if (this.cleaned) return;
      for (const fn of this.onExit) {
        try {
          fn();
        } catch {
          // best effort
        }
      }
      for (const child of this.children) child.kill("SIGKILL");
      fs.rmSync(this.dir, { recursive: true, force: true });
    };
    process.once("exit", last);
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        last();
        // The test runner intercepts process.exit in its workers: end this one for certain.
        process.kill(process.pid, "SIGKILL");
      });
    }
  }
  onExitSync(fn: () => void): void {
    this.onExit.push(fn);
  }

  track(child: ChildProcess): ChildProcess {
    this.children.add(child);
    child.once("exit", () => this.children.delete(child));
    return child;
  }
  onCleanup(fn: () => Promise<void>): void {
    this.finalizers.unshift(fn);
  }
  async cleanup(keepDir = false): Promise<void> {
    if (this.cleaned) return;
    for (const fn of this.finalizers) await fn().catch((err: unknown) => console.error("fault suite cleanup:", err));
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    this.cleaned = true;
    if (keepDir) console.log(`fault suite: run directory kept at ${this.dir}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---- PostgreSQL -------------------------------------------------------------------------------

function pgBin(name: string): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", name))).sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error(`no ${name} under ${root}`);
  return path.join(root, versions[0], "bin", name);
}

/** initdb and pg_ctl refuse to run as root: run them as the postgres user then. */
async function asPgUser(cmd: string, args: string[]): Promise<string> {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const { stdout } = await run(file, argv, { timeout: 120_000 });
  return stdout;
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** pg_ctl restart -m fast: every connection is cut, the server is back a moment later. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(reg: Registry): Promise<PrivatePostgres> {
  const dir = path.join(reg.dir, "pg");
  const data = path.join(dir, "data");
  fs.mkdirSync(dir);
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    fs.chmodSync(reg.dir, 0o755);
    fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freePort();
  await asPgUser(pgBin("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C"]);
  // fsync off: a faster cluster on a shared CI machine. The restart under test is a clean (fast)
  // shutdown, which checkpoints, so it does not rely on fsync; an OS crash is not simulated.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c full_page_writes=off`;
  const ctl = (...args: string[]) => asPgUser(pgBin("pg_ctl"), ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-t", "60", ...args]);
  await ctl("-o", opts, "start");
  let running = true;
  reg.onCleanup(async () => {
    if (running) await ctl("-m", "immediate", "stop");
    running = false;
  });
  reg.onExitSync(() => {
    if (!running) return;
    const args = [pgBin("pg_ctl"), "-D", data, "-m", "immediate", "stop"];
    if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", ...args], { stdio: "ignore" });
    else execFileSync(args[0], args.slice(1), { stdio: "ignore" });
  });
  const url = `postgresql://postgres@127.0.0.1:${port}/gatehouse`;
  await run(pgBin("createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "gatehouse"]);
  return {
    url,
    port,
    restart: async () => {
      await ctl("-m", "fast", "-o", opts, "restart");
    },
    stop: async () => {
      running = false;
      await ctl("-m", "immediate", "stop");
    },
  };
}

// ---- Redis ------------------------------------------------------------------------------------

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A redis-server with append-only persistence in the run's directory, as BullMQ asks of a
 * production Redis (appendonly yes, appendfsync everysec, noeviction): a stop and start keeps the
 * queued jobs. What happens when Redis loses its data instead is in docs/RELIABILITY.md.
 */
export async function startRedis(reg: Registry): Promise<PrivateRedis> {
  const dir = path.join(reg.dir, "redis");
  fs.mkdirSync(dir);
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction", "--logfile", path.join(dir, "redis.log")];
  let child: ChildProcess | null = null;
  const ping = async () => {
    const { stdout } = await run("redis-cli", ["-p", String(port), "ping"], { timeout: 2_000 });
    return stdout.trim() === "PONG";
  };
  const start = async () => {
    child = reg.track(spawn("redis-server", args, { stdio: "ignore" }));
    await until("redis", ping, 20_000);
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM"); // a clean shutdown: the AOF is flushed
    await exited;
    child = null;
  };
  await start();
  reg.onCleanup(stop);
  return { url: `redis://127.0.0.1:${port}/0`, start, stop };
}

// ---- S3 (s3rver) ------------------------------------------------------------------------------

export interface PrivateS3 {
  url: string;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** scripts/s3-server.ts in a child process, so the suite can take it away and bring it back. */
export async function startS3(reg: Registry): Promise<PrivateS3> {
  const dir = path.join(reg.dir, "s3");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = reg.track(
      spawn(process.execPath, ["--import", "tsx", "scripts/s3-server.ts"], {
        cwd: repoRoot,
        env: { ...process.env, S3_ENDPOINT: url, S3_LOCAL_DIR: dir },
        stdio: "ignore",
      }),
    );
    await until("s3rver", async () => (await fetch(url).catch(() => null)) !== null, 30_000);
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await Promise.race([exited, sleep(5_000).then(() => c.kill("SIGKILL"))]);
    await exited;
    child = null;
  };
  await start();
  reg.onCleanup(stop);
  return { url, dir, start, stop };
}

// ---- worker processes -------------------------------------------------------------------------

export interface WorkerProcess {
  name: string;
  /** Starts it (again) and waits for its "started" log line. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown handler runs, jobs in hand are abandoned mid-way. */
  kill(): Promise<void>;
  /** SIGTERM, the graceful stop. */
  stop(): Promise<void>;
  pid(): number | undefined;
}

export function workerProcess(reg: Registry, name: string, file: string, env: NodeJS.ProcessEnv): WorkerProcess {
  let child: ChildProcess | null = null;
  const log = fs.createWriteStream(path.join(reg.dir, `${name}.log`), { flags: "a" });
  const waitExit = async (c: ChildProcess, signal: NodeJS.Signals) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill(signal);
    await Promise.race([exited, sleep(30_000).then(() => c.kill("SIGKILL"))]);
    await exited;
  };
  return {
    name,
    pid: () => child?.pid,
    start: () =>
      new Promise((resolve, reject) => {
        const c = reg.track(spawn(process.execPath, ["--import", "tsx", file], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] }));
        child = c;
        let out = "";
        const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${out.slice(-2000)}`)), 60_000);
        const seen = (chunk: Buffer) => {
          log.write(chunk);
          if (out.length < 20_000) out += chunk.toString();
          if (/"msg":"started"/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        };
        c.stdout!.on("data", seen);
        c.stderr!.on("data", seen);
        c.once("exit", (code, signal) => {
          clearTimeout(timer);
          log.write(`\n--- ${name} exited: ${code ?? signal}\n`);
          reject(new Error(`${name} exited (${code ?? signal}) before it started:\n${out.slice(-2000)}`));
        });
      }),
    kill: async () => {
      if (child) await waitExit(child, "SIGKILL");
    },
    stop: async () => {
      if (child) await waitExit(child, "SIGTERM");
    },
  };
}
