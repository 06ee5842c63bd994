// The console's ID viewer loads images here with the session cookie (/api/v1 never accepts
// cookies). Same use case, checks and audit entry as GET /api/v1/documents/{id}/image.
import { actionContext } from "@/lib/auth/current";
import { assertConsoleFetch, documentImageResponse } from "@/lib/documents/image-response";
import { route } from "@/lib/http/handler";

export const GET = route<{ id: string }>(async (req, { params, request }) => {
  assertConsoleFetch(req);
  const { actor } = await actionContext();
  return documentImageResponse(req, actor, params.id, request);
});
