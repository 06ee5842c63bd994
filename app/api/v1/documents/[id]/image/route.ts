// One ID photo (normalised JPEG or thumbnail) for API clients; each one served is audited.
import { apiRoute } from "@/lib/http/api-route";
import { documentImageResponse } from "@/lib/documents/image-response";

export const GET = apiRoute<{ id: string }>((req, { params, actor, request }) => documentImageResponse(req, actor, params.id, request));
