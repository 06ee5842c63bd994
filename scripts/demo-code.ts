// Prints the current authenticator code of a demo staff member (local demo data only):
//   npm run demo:code -- agent1@gatehouse.test
import { TOTP } from "otpauth";
import { demoStaff, demoTotpSecret } from "../prisma/seed/demo-staff";

const email = process.argv[2]?.trim().toLowerCase();
if (!email || !demoStaff.some((s) => s.email === email)) {
  console.error(`usage: npm run demo:code -- <email>\ndemo staff: ${demoStaff.map((s) => s.email).join(", ")}`);
  process.exit(2);
}
const totp = new TOTP({ secret: demoTotpSecret(email), digits: 6, period: 30, algorithm: "SHA1" });
const left = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${totp.generate()}  (valid for ${left} s more; each code works once)`);
