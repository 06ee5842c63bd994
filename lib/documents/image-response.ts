import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { isConsoleFetch } from "../http/origin";
import type { RequestContext } from "../http/request-context";
import { documentPolicy } from "./policy";
import { viewDocumentImage } from "./view-image";

// The HTTP side of viewDocumentImage, shared by the API route (Bearer) and the console's image
// route (session cookie): query parsing and the response headers.

function queryFlag(value: string | null, name: string): boolean {
  if (value === null || value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new AppError("INVALID_INPUT", `${name} must be 1 or 0.`, { fields: [{ path: name, message: "must be 1 or 0" }] });
}

/** GET …/documents/{id}/image?variant=image|thumbnail&download=1 → the JPEG, never cached or sniffed. */
export async function documentImageResponse(req: Request, actor: Actor, documentId: string, request: RequestContext): Promise<Response> {
  const query = new URL(req.url).searchParams;
  const image = await viewDocumentImage(
    actor,
    { documentId, variant: query.get("variant") ?? "image", download: queryFlag(query.get("download"), "download") },
    { request, policy: documentPolicy },
  );
  return new Response(new Uint8Array(image.bytes), {
    status: 200,
    headers: {
      "content-type": image.contentType,
      "content-length": String(image.bytes.byteLength),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-disposition": `${image.download ? "attachment" : "inline"}; filename="${image.fileName}"`,
      "cross-origin-resource-policy": "same-origin",
      "x-gatehouse-watermarked": image.watermarked ? "1" : "0",
    },
  });
}

/**
 * Cookie-authenticated GETs still change something (an audit entry) and serve ID photos, so they
 * must come from the console itself (the case page's <img>, Sec-Fetch-Site: same-origin): a link or
 * <img> on another site, a pasted URL and a request without the header are refused before anything
 * is looked up. (SameSite=Lax already keeps the cookie off cross-site subresources, not off links.)
 */
export function assertConsoleFetch(req: Request): void {
  if (!isConsoleFetch(req.headers)) {
    throw new AppError("FORBIDDEN", "ID images open only from the Gatehouse console itself.");
  }
}
