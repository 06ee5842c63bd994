// Command line: `<scenario> [--flag value | --flag=value | --switch]`. Values are strings until a
// scenario asks for a number or a list, so a typo fails loudly with the flag's name.

/** A mistake on the command line: printed as a message, without a stack. */
export class UsageError extends Error {}

export class Flags {
  constructor(private readonly values: Map<string, string | true>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  str(name: string, fallback: string): string;
  str(name: string): string | undefined;
  str(name: string, fallback?: string): string | undefined {
    const v = this.values.get(name);
    if (v === true) throw new UsageError(`--${name} needs a value`);
    return v ?? fallback;
  }

  int(name: string, fallback: number, min = 0): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll("_", "").replaceAll(",", ""));
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
    return n;
  }

  intList(name: string, fallback: number[], min = 1): number[] {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const list = raw.split(",").map((s) => Number(s.trim()));
    if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < min)) {
      throw new UsageError(`--${name} must be a comma-separated list of integers ≥ ${min}, got ${JSON.stringify(raw)}`);
    }
    return list;
  }

  bool(name: string): boolean {
    const v = this.values.get(name);
    if (v === undefined) return false;
    if (v === true || v === "true" || v === "1") return true;
    if (v === "false" || v === "0") return false;
    throw new UsageError(`--${name} is a switch; got ${JSON.stringify(v)}`);
  }

  /** The command line as given, for the record: `--entries 5000 --concurrency 1,8,32`. */
  toString(): string {
    return [...this.values].map(([k, v]) => (v === true ? `--${k}` : `--${k} ${v}`)).join(" ");
  }
}

export interface ParsedArgs {
  positional: string[];
  flags: Flags;
}

/** `switches` never take a value, so `--no-record audit-append` keeps the scenario name positional. */
export function parseArgs(argv: string[], switches: ReadonlySet<string> = new Set()): ParsedArgs {
  const positional: string[] = [];
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") continue;
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) {
      values.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (!switches.has(a.slice(2)) && next !== undefined && !next.startsWith("--")) {
      values.set(a.slice(2), next);
      i++;
    } else {
      values.set(a.slice(2), true);
    }
  }
  return { positional, flags: new Flags(values) };
}
