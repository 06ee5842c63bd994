// The local S3-compatible server (s3rver) on loopback, for `npm run up` and the test suites.
// Real S3 protocol over HTTP; data lives in a directory. Not for production.
import fs from "node:fs";
import { createRequire } from "node:module";

interface S3rverInstance {
  run(): Promise<{ port: number; address: string }>;
  close(): Promise<void>;
}
type S3rverCtor = new (opts: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);

export async function startLocalS3(opts: { port: number; dir: string; host?: string }): Promise<{ url: string; close(): Promise<void> }> {
  fs.mkdirSync(opts.dir, { recursive: true });
  // s3rver ships CommonJS without types.
  const S3rver = require("s3rver") as S3rverCtor;
  const server = new S3rver({
    port: opts.port,
    address: opts.host ?? "127.0.0.1",
    directory: opts.dir,
    silent: true,
    allowMismatchedSignatures: false,
  });
  const { port, address } = await server.run();
  return { url: `http://${address}:${port}`, close: () => server.close() };
}
