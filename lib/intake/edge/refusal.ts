import { AppError } from "../../errors";

// 401s of the inbound webhooks: each names what failed (details.reason) so the sender's operator
// can fix it, without saying which half of a credential was wrong.

export type AuthFailure =
  | "missing_credentials"
  | "wrong_credentials"
  | "missing_signature"
  | "malformed_signature"
  | "bad_signature"
  | "stale_timestamp"
  | "replayed";

export function refuse(reason: AuthFailure, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError("UNAUTHENTICATED", message, { reason, ...details });
}

export function isAuthRefusal(err: unknown): err is AppError {
  return err instanceof AppError && err.code === "UNAUTHENTICATED";
}
