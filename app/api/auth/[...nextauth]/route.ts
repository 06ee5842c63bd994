// Auth.js endpoints: the OIDC redirect and callback, the credentials callback, CSRF token and
// sign-out. Sessions themselves are checked by lib/auth/current.ts on every request.
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
