// Closed-loop load: N workers each run one operation at a time until `total` operations have
// started. Latency is measured per operation from the caller's side (pool wait included), which
// is what a server action would see.
import { performance } from "node:perf_hooks";
import { cpuSample, cpuSince, type CpuShares } from "./cpu";

export interface LoadResult {
  ops: number;
  errors: number;
  firstError?: string;
  durationMs: number;
  /** Successful operations per second of wall time. */
  throughput: number;
  /** Sorted ascending, successful operations only. */
  latenciesMs: Float64Array;
  /** Node's own CPU time (user + system) over the run. */
  cpuMs: number;
  cpu: CpuShares;
}

export async function runLoad(total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<LoadResult> {
  const latencies = new Float64Array(total);
  let next = 0;
  let ok = 0;
  let errors = 0;
  let firstError: string | undefined;
  const cpu0 = process.cpuUsage();
  const sample = cpuSample();
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const start = performance.now();
      try {
        await op(i);
        latencies[ok++] = performance.now() - start;
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message.split("\n").slice(-1)[0] : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const durationMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const shares = cpuSince(sample);
  const sorted = latencies.slice(0, ok).sort();
  return { ops: ok, errors, firstError, durationMs, throughput: ok / (durationMs / 1000), latenciesMs: sorted, cpuMs: (cpu.user + cpu.system) / 1000, cpu: shares };
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function sortedCopy(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}
