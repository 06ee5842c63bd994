// Progress lines for long bulk phases: at most one line every two seconds per phase, and a final one.

export const fmt = (n: number) => n.toLocaleString("en-US");
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export class PhaseProgress {
  private done = 0;
  rows = 0;
  private started: number | null = null;
  private lastLog = 0;
  ms = 0;

  constructor(
    readonly name: string,
    private readonly total: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Marks the start of a slice; the phase's clock starts with its first slice. */
  begin(): void {
    this.started ??= Date.now();
  }

  /** Records a finished slice of `units` items that wrote `rows` rows. */
  add(units: number, rows: number): void {
    this.begin();
    this.done += units;
    this.rows += rows;
    const now = Date.now();
    if (now - this.lastLog < 2_000 && this.done < this.total) return;
    this.lastLog = now;
    const el = now - (this.started ?? now);
    if (this.done >= this.total) this.ms = el;
    const pct = String(Math.round((this.done / this.total) * 100)).padStart(3);
    this.log(`  ${this.name.padEnd(9)} ${fmt(this.done).padStart(11)} / ${fmt(this.total)}  ${pct}%  ${fmt(Math.round(this.rows / Math.max(el / 1000, 0.001)))} rows/s  ${secs(el)}`);
  }
}

/** [from, to] slices of 1..total. */
export function slices(total: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 1; from <= total; from += size) out.push([from, Math.min(total, from + size - 1)]);
  return out;
}
