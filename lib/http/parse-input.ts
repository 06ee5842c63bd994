import { AppError } from "../errors";

/** What parseInput needs of a schema (a zod schema fits). */
export type Parser<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/** Validates a use case's input; INVALID_INPUT with per-field messages on failure. */
export function parseInput<T>(schema: Parser<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  throw new AppError("INVALID_INPUT", fields[0]?.message ?? "Some fields are missing or invalid.", { fields });
}
