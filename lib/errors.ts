// Typed errors. Use cases throw AppError; lib/http/handler.ts maps codes to HTTP statuses here, in
// one place. Messages are written for the caller (agent, API client, email provider) and must
// never contain personal data; unexpected errors become a generic message plus a request id.

export const errorStatus = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** Allowed, but the action needs a fresh password or TOTP confirmation first (step-up). */
  STEP_UP_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Safe, structured detail for the caller (field errors, retry-after, current version…). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId?: string; details?: Record<string, unknown> };
}

/** The JSON body for any thrown value; unknown errors never leak their message. */
export function toErrorBody(err: unknown, requestId?: string): { status: number; body: ErrorBody } {
  if (isAppError(err)) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, requestId, details: err.details } } };
  }
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: "Something went wrong on our side. Quote the request id when you report it.", requestId } },
  };
}
