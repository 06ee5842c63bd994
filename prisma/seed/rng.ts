import { Faker, base, de, en, en_GB, en_US, es, fr, it, nl, pl, pt_BR, tr, type LocaleDefinition } from "@faker-js/faker";

// Every random choice in the demo world comes from here, seeded, so two runs on the same day build
// the same world (ids differ only in their time bits, which follow the seed's clock).

export const DEMO_SEED = 20_261_125;

export const demoLocales = {
  "en-GB": { country: "GB", defs: [en_GB, en, base] },
  "en-US": { country: "US", defs: [en_US, en, base] },
  "de-DE": { country: "DE", defs: [de, en, base] },
  "fr-FR": { country: "FR", defs: [fr, en, base] },
  "es-ES": { country: "ES", defs: [es, en, base] },
  "it-IT": { country: "IT", defs: [it, en, base] },
  "nl-NL": { country: "NL", defs: [nl, en, base] },
  "pl-PL": { country: "PL", defs: [pl, en, base] },
  "pt-BR": { country: "BR", defs: [pt_BR, en, base] },
  "tr-TR": { country: "TR", defs: [tr, en, base] },
} as const satisfies Record<string, { country: string; defs: LocaleDefinition[] }>;
export type DemoLocale = keyof typeof demoLocales;

export class Rng {
  readonly f: Faker;
  private readonly byLocale = new Map<DemoLocale, Faker>();

  constructor(private readonly seed: number = DEMO_SEED) {
    this.f = new Faker({ locale: [en, base], seed });
  }

  /** A faker for names and places in one locale, seeded independently of the main stream. */
  locale(loc: DemoLocale): Faker {
    let f = this.byLocale.get(loc);
    if (!f) {
      f = new Faker({ locale: [...demoLocales[loc].defs], seed: this.seed + this.byLocale.size + 1 });
      this.byLocale.set(loc, f);
    }
    return f;
  }

  int(min: number, max: number): number {
    return this.f.number.int({ min, max });
  }

  chance(p: number): boolean {
    return this.f.number.float({ min: 0, max: 1 }) < p;
  }

  pick<T>(items: readonly T[]): T {
    return this.f.helpers.arrayElement(items);
  }

  hex(length: number): string {
    return this.f.string.hexadecimal({ length, casing: "lower", prefix: "" });
  }

  /** A UUIDv7 (what Prisma's uuid(7) default makes) whose time bits are `at`, so ids sort like creation times. */
  uuid7(at: Date): string {
    const ms = BigInt(Math.max(0, at.getTime()));
    const hex = ms.toString(16).padStart(12, "0").slice(-12) + "7" + this.hex(3) + this.pick(["8", "9", "a", "b"]) + this.hex(15);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * MINUTE);
export const addMinutes = (t: Date, minutes: number) => new Date(t.getTime() + minutes * MINUTE);
export const maxDate = (...ds: Date[]) => new Date(Math.max(...ds.map((d) => d.getTime())));
