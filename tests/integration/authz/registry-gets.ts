import type { Ctx, RouteEntry } from "./entry";
import { readOnly, writingGet } from "./entry";
import { makeInboundAccount, makeInboundEmail, matrixApproval, matrixCase, matrixDocument, matrixFinishedExport, matrixWebhookDelivery } from "./fixtures";

// Every GET route handler. Each says whether it writes (and what), and who may call it; the
// matrix runs them all like mutations — every role, anonymous, dead credentials — and checks that a
// read-only one writes nothing and a writing one writes only when allowed. A key with "?query"
// runs the same handler once more with that query (another permission applies).

const caseRef = async () => ({ params: { ref: await matrixCase() } });
const accountUid = async () => ({ params: { uid: (await makeInboundAccount()).uid } });
const staffId = async (ctx: Ctx) => ({ params: { id: (await ctx.target()).id } });
/** An export the caller asked for (requester or ADMIN may see it); someone else's for anonymous callers. */
const ownExport = async (ctx: Ctx) => ({ params: { id: await matrixFinishedExport(ctx) } });
const documentId = async () => ({ params: { id: await matrixDocument() } });

export const getRoutes: Record<string, RouteEntry> = {
  "GET /api/auth/{...nextauth}": {
    expect: { exempt: "Auth.js's own endpoints (CSRF token, providers, OIDC callback, sign-out page): no staff data; the OIDC callback ends in lib/auth/sign-in.ts (tests/e2e/oidc.spec.ts)" },
  },
  "GET /api/health": {
    expect: { exempt: "public by design for load balancers: dependency states only, no personal data, rate-limited per IP (tests/integration/health.test.ts)" },
  },

  // ── GETs that write: an Export row or an audit entry per call ──
  "GET /api/v1/audit/export": writingGet("an Export row and audit.exported", "audit.export", async () => ({ query: "format=csv" })),
  "GET /(console)/audit/download": writingGet("an Export row and audit.exported (session cookie)", "audit.export", async () => ({ query: "format=csv" })),
  "GET /api/v1/audit/entries": writingGet("audit.searched", "audit.read"),
  "GET /api/v1/exports/{id}/download": writingGet("audit.export_downloaded", "audit.export", ownExport),
  "GET /api/v1/cases/{ref}/report": writingGet("a case.report audit entry (HTML: audit.read)", "audit.read", caseRef),
  "GET /api/v1/cases/{ref}/report?format=pdf": writingGet("a case.report audit entry (PDF: audit.export)", "audit.export", caseRef),
  "GET /(print)/cases/{ref}/report/pdf": writingGet("a case.report audit entry (session cookie)", "audit.export", caseRef),
  "GET /api/v1/documents/{id}/image": writingGet("document.viewed", "document.view", documentId),
  "GET /api/console/documents/{id}/image": writingGet("document.viewed (session cookie)", "document.view", documentId),

  // ── Read-only GETs ──
  "GET /(console)/audit/exports/{id}/status": readOnly("audit.read", ownExport),
  "GET /api/v1/exports/{id}": readOnly("audit.read", ownExport),
  "GET /api/v1/legal-holds": readOnly("audit.read"),
  "GET /api/v1/accounts": readOnly("account.read", async () => ({ query: `q=${(await makeInboundAccount()).uid}` })),
  "GET /api/v1/accounts/{uid}": readOnly("account.read", accountUid),
  "GET /api/v1/accounts/{uid}/logins": readOnly("account.read", accountUid),
  "GET /api/v1/approvals": readOnly("account.read", async (ctx) => {
    await matrixApproval(ctx);
    return {};
  }),
  "GET /api/v1/cases": readOnly("queue.read", async () => {
    await matrixCase();
    return {};
  }),
  "GET /api/v1/cases/{ref}": readOnly("queue.read", caseRef),
  "GET /api/v1/cases/counts": readOnly("queue.read"),
  "GET /api/v1/dashboard": readOnly("queue.read"),
  "GET /api/v1/inbound-emails": readOnly("inbound.read", async () => {
    await makeInboundEmail("FAILED");
    return {};
  }),
  "GET /api/v1/inbound-emails/{id}": readOnly("inbound.read", async () => ({ params: { id: (await makeInboundEmail("FAILED")).id } })),
  "GET /api/v1/me": readOnly("token.manage_own"),
  "GET /api/v1/me/availability": readOnly("case.claim"),
  "GET /api/v1/tokens": readOnly("token.manage_own"),
  "GET /api/v1/staff": readOnly("staff.read"),
  "GET /api/v1/staff/{id}": readOnly("staff.read", staffId),
  "GET /api/v1/staff/{id}/sessions": readOnly("staff.read", staffId),
  "GET /api/v1/webhooks/endpoints": readOnly("settings.manage"),
  "GET /api/v1/webhooks/deliveries": readOnly("settings.manage"),
  "GET /api/v1/webhooks/deliveries/{id}": readOnly("settings.manage", async () => ({ params: { id: await matrixWebhookDelivery() } })),
};
