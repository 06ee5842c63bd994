// The inbound email edge: app/api/inbound/* route handlers call receiveInbound.
export { receiveInbound, type ReceiveOptions } from "./receive-inbound";
export { edgeSettings, type EdgeSettings } from "./settings";
export { inboundAuthLimit } from "./auth-failures";
export { SIGNATURE_HEADER as MIME_SIGNATURE_HEADER } from "./providers/mime";
export { SIGNATURE_HEADER as SENDGRID_SIGNATURE_HEADER, TIMESTAMP_HEADER as SENDGRID_TIMESTAMP_HEADER } from "./providers/sendgrid";
