import { vi } from "vitest";

// The request scope Next gives server actions — cookies() and headers() — set per call by the
// matrix. Only Next's request plumbing is replaced; sessions, tokens, the database and Redis are
// real, and the session cookie is a real Auth.js JWT.
export const requestScope = {
  cookies: new Map<string, string>(),
  headers: new Headers(),
};

vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (requestScope.cookies.has(name) ? { name, value: requestScope.cookies.get(name)! } : undefined),
    getAll: () => [...requestScope.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => requestScope.cookies.has(name),
    set: (name: string, value: string) => void requestScope.cookies.set(name, value),
    delete: (name: string) => void requestScope.cookies.delete(name),
  }),
  headers: async () => requestScope.headers,
}));

// Cache invalidation needs Next's render store; there is none outside a request.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {}, updateTag: () => {} }));
