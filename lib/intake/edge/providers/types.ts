import type { EmailProvider } from "../../../generated/prisma/enums";
import type { EdgeEnvelope } from "../../types";
import type { ReplayClaim } from "../replay-cache";
import type { EdgeSettings } from "../settings";

export interface EdgeInput {
  raw: Buffer<ArrayBuffer>;
  headers: Headers;
  /** The Content-Type header as sent ("" when absent). */
  contentType: string;
  nowMs: number;
  settings: EdgeSettings;
}

export interface Verified {
  envelope: EdgeEnvelope;
  /** Stored object name suffix: quarantine/raw/<uuid>.<extension>. */
  extension: "json" | "multipart" | "form" | "eml";
  /** Replay-cache claims taken while authenticating; given back if the delivery is not stored. */
  claims: ReplayClaim[];
}

/**
 * One inbound format. `authenticate` checks the sender on the raw bytes and only then extracts
 * the envelope; `preAuthenticate` runs before the body is read when the credentials are in the
 * headers alone (HTTP Basic), so an unauthenticated caller cannot make us read a large body.
 * Either throws AppError (401, 400, 415, 422).
 */
export interface ProviderAdapter {
  provider: EmailProvider;
  preAuthenticate?(headers: Headers, settings: EdgeSettings): void;
  authenticate(input: EdgeInput): Promise<Verified>;
}
