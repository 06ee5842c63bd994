// Printed by npm run up once the web app answers: where to go and how to sign in.
import { appUrl, config } from "../lib/config";
import { demoSignIns, demoTotpSecret } from "../prisma/seed/demo-staff";

const width = Math.max(...demoSignIns.map((s) => s.email.length));
const lines = [
  "",
  `  Gatehouse is running: ${appUrl}`,
  `  Health:               ${appUrl}/api/health`,
  "",
  "  Demo sign-ins (local demo data only). Every sign-in also needs an authenticator code:",
  "  add the key to an authenticator app, or print the current code with",
  "  npm run demo:code -- <email>",
  ...demoSignIns.map((s) => `    ${s.email.padEnd(width)}  ${s.password}  ${s.role.toLowerCase().padEnd(10)}  key ${demoTotpSecret(s.email)}`),
  "",
  "  Workers: outbox relay, scheduler, intake. Customer email: .data/mail/ (local SMTP sink).",
  `  Identity-service simulator: http://127.0.0.1:${config.IDENTITY_SIM_PORT}/events (webhooks it received). Ctrl-C stops everything.`,
  "",
];
console.log(lines.join("\n"));
