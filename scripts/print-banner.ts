// Printed by npm run up once the web app answers: where to go and how to sign in.
import { appUrl } from "../lib/config";
import { demoSignIns } from "../prisma/seed/demo-staff";

const width = Math.max(...demoSignIns.map((s) => s.email.length));
const lines = [
  "",
  `  Gatehouse is running: ${appUrl}`,
  `  Health:               ${appUrl}/api/health`,
  "",
  "  Demo sign-ins (local demo data only):",
  ...demoSignIns.map((s) => `    ${s.email.padEnd(width)}  ${s.password}  ${s.role.toLowerCase()}`),
  "",
  "  Workers: outbox relay, scheduler. Ctrl-C stops everything.",
  "",
];
console.log(lines.join("\n"));
