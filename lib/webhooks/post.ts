import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { guardedLookup, isPrivateAddress, parseTargetUrl, TargetRefused } from "./target";

export type PostResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string };

const MAX_ERROR_BODY = 200;

/** A short, single-line excerpt of a response body for the delivery log: addresses and long numbers masked. */
export function errorExcerpt(text: string): string {
  return text
    .replace(/[^\s<>@"']+@[^\s<>@"']+/g, "[address]")
    .replace(/\+?\d[\d\s-]{6,}\d/g, "[number]")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_ERROR_BODY);
}

/**
 * POSTs a signed webhook. No redirects are followed (a 3xx is a failure), the connection only goes
 * to addresses that pass the SSRF check, and the whole exchange is bounded by `timeoutMs`. Only
 * the first bytes of an error response are kept, masked; a success body is ignored.
 */
export function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  let url: URL;
  try {
    url = parseTargetUrl(rawUrl, opts.allowPrivate);
  } catch {
    return Promise.resolve({ ok: false, status: null, error: "refused: the URL is not allowed" });
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  // Literal addresses skip DNS (and the guarded lookup): check them here.
  if (isIP(host) && !opts.allowPrivate && isPrivateAddress(host)) {
    return Promise.resolve({ ok: false, status: null, error: `refused: ${host} is a private address` });
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Gatehouse-Webhooks/1" },
        lookup: guardedLookup(opts.allowPrivate),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          res.resume();
          res.on("end", () => done({ ok: true, status }));
          res.on("error", () => done({ ok: true, status }));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < 1024) chunks.push(c);
          size += c.length;
        });
        const finish = () => {
          const excerpt = errorExcerpt(Buffer.concat(chunks).subarray(0, 1024).toString("utf8"));
          done({ ok: false, status, error: `HTTP ${status}${excerpt ? `: ${excerpt}` : ""}` });
        };
        res.on("end", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error("timeout"));
      done({ ok: false, status: null, error: `timeout after ${opts.timeoutMs} ms` });
    }, opts.timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err instanceof TargetRefused) return done({ ok: false, status: null, error: err.message });
      done({ ok: false, status: null, error: err.code ? `connection failed (${err.code})` : "connection failed" });
    });
    req.end(body);
  });
}
