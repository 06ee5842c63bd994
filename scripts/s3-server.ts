// Runs the local S3 server until stopped: npm run up starts it. Port from S3_ENDPOINT.
import { config } from "../lib/config";
import { startLocalS3 } from "./lib/s3-local";

const url = new URL(config.S3_ENDPOINT);
const server = await startLocalS3({ port: Number(url.port || 80), host: url.hostname, dir: config.S3_LOCAL_DIR });
console.log(`local S3 (s3rver) on ${server.url}, data in ${config.S3_LOCAL_DIR}`);
const stop = () => server.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
