// The load scenario's agents run in a process of their own (bench/lib/load-agents-child.ts), so
// the CPU they cost shows apart from the load generator's. This is the parent's side: start it,
// tell it when intake is finished, collect what each agent did.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export interface AgentSettings {
  agentIds: string[];
  /** Shares of APPROVE, REJECT, REQUEST_RESUBMISSION (sum 100). */
  mix: [number, number, number];
  thinkMs: number;
  idleMs: number;
  seed: number;
}

/** One claim-next call: when it started (ms since the child's epoch), how long it took, what it got. */
export interface ClaimRecord {
  agent: number;
  at: number;
  ms: number;
  caseId: string | null;
}

export interface DecisionRecord {
  agent: number;
  at: number;
  ms: number;
  caseId: string;
  ref: string;
  decision: "APPROVE" | "REJECT" | "REQUEST_RESUBMISSION";
  outcome: string;
}

export interface AgentsResult {
  /** Date.now() the child measured `at` from. */
  epoch: number;
  claims: ClaimRecord[];
  decisions: DecisionRecord[];
  /** Version conflicts (the case changed between reading and deciding: retried). */
  conflicts: number;
  errors: Record<string, number>;
  finishedAt: number;
  stoppedEarly: boolean;
  cpuMs: number;
  maxRssMiB: number;
}

export type ToChild = { type: "intake-done" } | { type: "stop" };
export type FromChild = { type: "progress"; claims: number; decisions: number } | { type: "result"; result: AgentsResult };

export interface AgentsProcess {
  pid: number;
  intakeDone(): void;
  stop(): void;
  result: Promise<AgentsResult>;
  progress(): { claims: number; decisions: number };
}

export function startAgents(settings: AgentSettings, opts: { env: NodeJS.ProcessEnv; logFile: string }): AgentsProcess {
  const fd = fs.openSync(opts.logFile, "a");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "bench/lib/load-agents-child.ts"], {
    env: { ...opts.env, LOAD_AGENTS: JSON.stringify(settings) },
    cwd: process.cwd(),
    stdio: ["ignore", fd, fd, "ipc"],
  });
  fs.closeSync(fd);
  if (!child.pid) throw new Error("could not start the agents process");
  let last = { claims: 0, decisions: 0 };
  const result = new Promise<AgentsResult>((resolve, reject) => {
    child.on("message", (m: FromChild) => {
      if (m.type === "progress") last = { claims: m.claims, decisions: m.decisions };
      else resolve(m.result);
    });
    // "close", not "exit": it comes after the IPC channel has delivered everything.
    child.once("close", (code, signal) => reject(new Error(`the agents process exited (${signal ?? code}) without a result; see ${opts.logFile}`)));
  });
  const send = (m: ToChild) => {
    if (child.connected) child.send(m);
  };
  return { pid: child.pid, intakeDone: () => send({ type: "intake-done" }), stop: () => send({ type: "stop" }), result, progress: () => last };
}
