export { appendAudit, type AuditInput } from "./append";
export type { AuditAction, AuditActionData } from "./actions";
export { verifyChain, type VerifyResult, type ChainBreak } from "./verify";
