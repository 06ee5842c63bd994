import pino from "pino";
import { config } from "./config";

// Structured logs without personal data. Log ids (case id, account id, staff id), never names,
// emails, phone numbers, document bytes or raw payloads. The redact list is a second line of
// defence for fields that slip into an object by accident.
export const redactPaths = [
  "email", "*.email", "fromAddress", "*.fromAddress", "toAddress", "*.toAddress",
  "realName", "*.realName", "name", "*.name", "phone", "*.phone",
  "password", "*.password", "passwordHash", "*.passwordHash", "mfaSecret", "*.mfaSecret",
  "token", "*.token", "authorization", "*.authorization", "headers.authorization", "headers.cookie", "cookie",
  "subject", "*.subject", "body", "*.body", "payload.body", "raw", "*.raw",
];

export const logger = pino({
  level: config.NODE_ENV === "test" && config.LOG_LEVEL === "info" ? "silent" : config.LOG_LEVEL,
  base: { service: "gatehouse" },
  redact: { paths: redactPaths, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = typeof logger;

/** Serialises an error for logs: name, code, message and stack, nothing attached to it. */
export function errFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { err: { name: err.name, message: err.message, code, stack: err.stack } };
  }
  return { err: { message: String(err) } };
}
