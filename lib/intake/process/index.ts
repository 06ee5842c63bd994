// The intake worker's pipeline: a stored InboundEmail → documents, a review case, replies.
export { processInboundEmail, type ProcessOptions } from "./process-inbound-email";
export { prepareInboundEmail, type Prepared, type PrepareResult } from "./prepare";
export { commitInboundEmail, type ProcessResult, type ProcessOutcome } from "./commit";
export { markInboundFailed, describeFailure, describeParseFailure } from "./failure";
export { documentIdFor, documentKeys } from "./ids";
export { matchSender, normalizeEmail } from "./match";
export { resolveThread } from "./thread";
export { senderAuthFailed } from "./risk";
