// The local SMTP sink for development: npm run up starts it on SMTP_URL's port. Every message the
// product sends is kept as an .eml file under .data/mail/ (open it with any mail client); the log
// has one line per message, without content. Loopback only, no auth, no TLS. Not for production.
import { config } from "../lib/config";
import { startSmtpSink } from "./lib/smtp-sink";

const MAIL_DIR = ".data/mail";
const url = new URL(config.SMTP_URL);
if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(url.hostname)) {
  console.error(`SMTP_URL points at ${url.hostname}, not this machine: the local sink is not needed`);
  process.exit(1);
}

const sink = await startSmtpSink({
  port: Number(url.port || 25),
  dir: MAIL_DIR,
  keep: false,
  onMessage: (m) => console.log(`message ${m.id} recipients=${m.envelope.to.length}`),
});
console.log(`local SMTP sink on 127.0.0.1:${sink.port}, messages in ${MAIL_DIR}/`);

const stop = () => sink.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
