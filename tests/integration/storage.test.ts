import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { buckets } from "@/lib/config";
import { getBytes, objectExists, presignGet, putBytes, putStream, deleteObject, s3 } from "@/lib/storage";

describe("S3 storage (local S3 server)", () => {
  it("reads back exactly the bytes written", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const stored = await putBytes("documents", "test/bytes.bin", bytes);
    expect(stored.size).toBe(bytes.length);
    expect((await getBytes("documents", "test/bytes.bin")).equals(bytes)).toBe(true);
  });

  it("stores a streamed upload of unknown length uncorrupted (the checksum trap)", async () => {
    const chunks = Array.from({ length: 12 }, () => randomBytes(1024 * 1024));
    const whole = Buffer.concat(chunks);
    const stored = await putStream("inbound", "test/stream.bin", Readable.from(chunks));
    expect(stored.size).toBe(whole.length);
    const back = await getBytes("inbound", "test/stream.bin");
    expect(back.length).toBe(whole.length);
    expect(back.equals(whole)).toBe(true);
  });

  it("hands out presigned GET URLs that live at most a minute and work with plain fetch", async () => {
    const bytes = randomBytes(2048);
    await putBytes("documents", "test/presigned.bin", bytes);
    const url = new URL(await presignGet("documents", "test/presigned.bin", { ttlSeconds: 3600 }));
    expect(Number(url.searchParams.get("X-Amz-Expires"))).toBeLessThanOrEqual(60);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("refuses unsigned and expired requests: buckets are private", async () => {
    await putBytes("documents", "test/private.bin", randomBytes(16));
    const signed = new URL(await presignGet("documents", "test/private.bin", { ttlSeconds: 1 }));
    expect((await fetch(new URL(signed.pathname, signed.origin))).status).toBe(403);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await fetch(signed)).status).toBe(403);
  });

  it("reports missing objects and deletes", async () => {
    await putBytes("exports", "test/gone.bin", randomBytes(8));
    expect(await objectExists("exports", "test/gone.bin")).toBe(true);
    await deleteObject("exports", "test/gone.bin");
    expect(await objectExists("exports", "test/gone.bin")).toBe(false);
    await expect(getBytes("exports", "test/gone.bin")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists a prefix of more than one page through continuation tokens (audit anchors, load checks)", async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `test/paged/${i}.bin`);
    for (const key of keys) await putBytes("exports", key, randomBytes(4));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: buckets.exports, Prefix: "test/paged/", MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((o) => o.Key ?? ""));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      pages += 1;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(keys);
    for (const key of keys) await deleteObject("exports", key);
  });
});
