import path from "node:path";

/** Demo roles with a saved signed-in browser state (auth.setup.ts). Sign-in tests use other people. */
export type StateRole = "supervisor" | "auditor" | "admin";

export const stateFile = (role: StateRole): string => path.join("playwright", ".auth", `${role}.json`);
