// One streamed audit export in a process of its own, so its peak RSS is the export's and not the
// chain builder's: `node --import tsx bench/lib/audit-export-child.ts <staffId> <csv|jsonl> <pageSize>`
// with the bench environment (DATABASE_URL, AUDIT_EXPORT_STREAM_MAX_ROWS raised above the chain).
// Runs lib/audit/export's streamAuditExport and consumes the Response the API route returns,
// hashing the bytes as a client would; prints one JSON line of figures on stdout.
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { exportResponse, streamAuditExport, type ExportManifest } from "../../lib/audit/export";
import { db } from "../../lib/db";

async function main(): Promise<void> {
  const [staffId, format = "csv", pageSize = "2000"] = process.argv.slice(2);
  // Warm up what any web process has loaded before a request: the Prisma client and the pg pool.
  await db.staffUser.findUniqueOrThrow({ where: { id: staffId } });
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();

  const t0 = performance.now();
  const actor = { type: "STAFF" as const, id: staffId, role: "AUDITOR" as const, steppedUpAt: new Date() };
  const res = exportResponse(await streamAuditExport(actor, { format }, { via: "api", pageSize: Number(pageSize) }));
  const reader = res.body!.getReader();
  const hash = createHash("sha256");
  let ttfb = 0;
  let bytes = 0;
  let peakRss = 0;
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!ttfb) ttfb = performance.now() - t0;
    hash.update(value);
    bytes += value.byteLength;
    if (++chunks % 50 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const id = res.headers.get("x-gatehouse-export-id")!;
  const row = await db.export.findUniqueOrThrow({ where: { id }, select: { status: true, manifest: true } });
  const manifest = row.manifest as ExportManifest | null;
  const sha256 = hash.digest("hex");
  console.log(
    JSON.stringify({
      exportId: id,
      status: row.status,
      rows: manifest?.rows ?? 0,
      bytes,
      ttfbMs: ttfb,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssBeforeMiB: rssBefore / 1048576,
      sampledPeakRssMiB: peakRss / 1048576,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      shaMatches: manifest?.sha256 === sha256,
    }),
  );
  await db.$disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
