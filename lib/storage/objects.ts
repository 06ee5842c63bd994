import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { buckets, config, type BucketName } from "../config";
import { AppError } from "../errors";
import { s3 } from "./s3";

// Every bucket is private. Object keys carry ids only (never names or emails).

export interface StoredObject {
  bucket: BucketName;
  key: string;
  size: number;
  sha256: string;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Stores bytes under a key. The SHA-256 is computed once (or taken from the caller, who hashed the
 * bytes on the way in) and is also the SigV4 payload hash, so the SDK does not hash the body again:
 * on a 14 MB inbound message each pass over the bytes costs ~10 ms of the request's CPU.
 */
export async function putBytes(
  bucket: BucketName,
  key: string,
  bytes: Uint8Array,
  contentType = "application/octet-stream",
  opts: { sha256?: string } = {},
): Promise<StoredObject> {
  const digest = opts.sha256 ?? sha256(bytes);
  const command = new PutObjectCommand({ Bucket: buckets[bucket], Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength });
  command.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      // The signer uses a preset x-amz-content-sha256 as the payload hash instead of hashing the body.
      if (request.headers) request.headers["x-amz-content-sha256"] = digest;
      return next(args);
    },
    { step: "build", name: "gatehousePayloadHash" },
  );
  await s3.send(command);
  return { bucket, key, size: bytes.byteLength, sha256: digest };
}

/** Streams a body of unknown length (multipart upload) and hashes it on the way. */
export async function putStream(
  bucket: BucketName,
  key: string,
  body: Readable,
  contentType = "application/octet-stream",
): Promise<StoredObject> {
  const hash = createHash("sha256");
  let size = 0;
  // Hash in a pass-through stage, so the uploader alone pulls the data (no chunk read twice or missed).
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source = pipeline(body, hashing).catch((err: unknown) => hashing.destroy(err as Error));
  try {
    await new Upload({ client: s3, params: { Bucket: buckets[bucket], Key: key, Body: hashing, ContentType: contentType } }).done();
  } catch (err) {
    hashing.destroy(err as Error); // release the source; nothing will read it now
    throw err;
  }
  await source;
  return { bucket, key, size, sha256: hash.digest("hex") };
}

export async function getBytes(bucket: BucketName, key: string): Promise<Buffer> {
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: buckets[bucket], Key: key }));
    if (!res.Body) throw new AppError("NOT_FOUND", "Stored object is empty");
    return await collect(res.Body as Readable, res.ContentLength);
  } catch (err) {
    if (isNotFound(err)) throw new AppError("NOT_FOUND", "Stored object not found");
    throw err;
  }
}

/** Reads a body into one Buffer: with its length known, into one allocation (no chunk list, no second copy). */
async function collect(body: Readable, length: number | undefined): Promise<Buffer> {
  if (length === undefined) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for await (const chunk of body) {
    const c = chunk as Buffer;
    if (at + c.length > length) throw new Error(`stored object is longer than its Content-Length (${length})`);
    c.copy(out, at);
    at += c.length;
  }
  if (at !== length) throw new Error(`stored object ended after ${at} of ${length} bytes`);
  return out;
}

export async function getStream(bucket: BucketName, key: string): Promise<{ body: Readable; size?: number; contentType?: string }> {
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: buckets[bucket], Key: key }));
    return { body: res.Body as Readable, size: res.ContentLength, contentType: res.ContentType };
  } catch (err) {
    if (isNotFound(err)) throw new AppError("NOT_FOUND", "Stored object not found");
    throw err;
  }
}

export async function objectExists(bucket: BucketName, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: buckets[bucket], Key: key }));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export async function deleteObject(bucket: BucketName, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: buckets[bucket], Key: key }));
}

export interface ListedObject {
  key: string;
  /** As the store stamped it; null when it did not say (callers must not treat that as old). */
  lastModified: Date | null;
  size: number;
}

/** One page of a ListObjectsV2 listing under a prefix; pass `nextToken` back for the next page (null: last page). */
export async function listObjectsPage(
  bucket: BucketName,
  prefix: string,
  opts: { continuationToken?: string; maxKeys?: number } = {},
): Promise<{ objects: ListedObject[]; nextToken: string | null }> {
  const res = await s3.send(
    new ListObjectsV2Command({ Bucket: buckets[bucket], Prefix: prefix, MaxKeys: opts.maxKeys ?? 1000, ContinuationToken: opts.continuationToken }),
  );
  const objects = (res.Contents ?? []).flatMap((o) => (o.Key ? [{ key: o.Key, lastModified: o.LastModified ?? null, size: o.Size ?? 0 }] : []));
  return { objects, nextToken: res.IsTruncated && res.NextContinuationToken ? res.NextContinuationToken : null };
}

/**
 * A presigned GET that expires within a minute (PRESIGN_TTL_SECONDS ≤ 60). Callers check the
 * viewer's permission and write the audit entry before handing the URL out.
 */
export async function presignGet(bucket: BucketName, key: string, opts: { ttlSeconds?: number; fileName?: string } = {}): Promise<string> {
  const ttl = Math.min(opts.ttlSeconds ?? config.PRESIGN_TTL_SECONDS, 60);
  return getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: buckets[bucket],
      Key: key,
      ResponseCacheControl: "no-store, private",
      ...(opts.fileName ? { ResponseContentDisposition: `attachment; filename="${opts.fileName.replace(/[^\w.-]/g, "_")}"` } : {}),
    }),
    { expiresIn: ttl },
  );
}

/** Creates every bucket that is missing. Safe to run on every start. */
export async function ensureBuckets(): Promise<string[]> {
  const created: string[] = [];
  for (const name of Object.values(buckets)) {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: name }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      created.push(name); // new buckets are private; production policies are set by the operator (docs/OPERATIONS.md)
    }
  }
  return created;
}

export async function checkStorage(): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: buckets.documents }));
    return true;
  } catch {
    return false;
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.name === "NoSuchBucket" || e?.$metadata?.httpStatusCode === 404;
}
