import { registryActions } from "./registry-actions";
import { getRoutes } from "./registry-gets";
import { mutatingRoutes } from "./registry-routes";
import type { ActionEntry, RouteEntry } from "./entry";

// The authorization matrix's registry: every route handler method (GET included) and every
// "use server" export, and who may use it. An endpoint without an entry fails
// tests/integration/authz-matrix.test.ts. Entry shapes and role lists: entry.ts; records: fixtures.ts.
//   registry-routes.ts   POST / PUT / PATCH / DELETE handlers
//   registry-gets.ts     GET handlers: "read-only" or writing (and what they write)
//   registry-actions.ts  server actions

export type { ActionEntry, Ctx, Expectation, RouteEntry } from "./entry";
export { makeTarget } from "./fixtures";

export const routes: Record<string, RouteEntry> = { ...mutatingRoutes, ...getRoutes };
export const actions: Record<string, ActionEntry> = registryActions;
