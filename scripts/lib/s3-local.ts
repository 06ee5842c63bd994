// The local S3-compatible server (s3rver) on loopback, for `npm run up` and the test suites.
// Real S3 protocol over HTTP; data lives in a directory. Not for production.
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";

interface KoaContext {
  get(header: string): string;
  query: Record<string, unknown>;
  status: number;
  type: string;
  body: string;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void> | void;
interface S3rverInstance {
  run(): Promise<{ port: number; address: string }>;
  close(): Promise<void>;
  middleware: Middleware[];
}

// s3rver checks signatures when present but serves anonymous requests. Our buckets are private,
// as they are on S3: refuse any request that is neither header- nor query-signed.
const refuseAnonymous: Middleware = (ctx, next) => {
  const signed = ctx.get("authorization") || "X-Amz-Signature" in ctx.query || "Signature" in ctx.query;
  if (signed) return next();
  ctx.status = 403;
  ctx.type = "application/xml";
  ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
};
type S3rverCtor = new (opts: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);

/**
 * s3rver 3.7 makes ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node ≥ 17)
 * only has in its legacy provider: every listing of more than one page (1,000 keys, or MaxKeys)
 * answered InternalError. Where DES is missing, s3rver's "des" calls get AES-128-CTR with the key
 * and IV doubled to 16 bytes instead — the token stays opaque and round-trips, which is all
 * s3rver needs. Scoped to the algorithm name "des", which nothing else here uses, and only in a
 * process that runs the local server (never the product's web or workers).
 */
function makeDesTokensWork(): void {
  try {
    crypto.createCipheriv("des", Buffer.alloc(8), Buffer.alloc(8));
    return; // DES available (legacy provider loaded): nothing to do
  } catch {
    // fall through
  }
  const mod = crypto as unknown as Record<"createCipheriv" | "createDecipheriv", (...args: unknown[]) => unknown> & { __ghDes?: boolean };
  if (mod.__ghDes) return;
  const stand = (key: unknown, iv: unknown): [Buffer, Buffer] => [Buffer.concat([Buffer.from(key as Buffer), Buffer.from(key as Buffer)]), Buffer.concat([Buffer.from(iv as Buffer), Buffer.from(iv as Buffer)])];
  for (const name of ["createCipheriv", "createDecipheriv"] as const) {
    const original = mod[name];
    mod[name] = (algorithm: unknown, key: unknown, iv: unknown, ...rest: unknown[]) =>
      algorithm === "des" ? original("aes-128-ctr", ...stand(key, iv), ...rest) : original(algorithm, key, iv, ...rest);
  }
  mod.__ghDes = true;
}

export async function startLocalS3(opts: { port: number; dir: string; host?: string }): Promise<{ url: string; close(): Promise<void> }> {
  fs.mkdirSync(opts.dir, { recursive: true });
  makeDesTokensWork();
  // s3rver ships CommonJS without types.
  const S3rver = require("s3rver") as S3rverCtor;
  const server = new S3rver({
    port: opts.port,
    address: opts.host ?? "127.0.0.1",
    directory: opts.dir,
    silent: true,
    allowMismatchedSignatures: false,
  });
  server.middleware.unshift(refuseAnonymous);
  const { port, address } = await server.run();
  return { url: `http://${address}:${port}`, close: () => server.close() };
}
