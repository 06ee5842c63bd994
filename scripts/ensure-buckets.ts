import { ensureBuckets } from "../lib/storage";

const created = await ensureBuckets();
console.log(created.length ? `created buckets: ${created.join(", ")}` : "buckets exist");
process.exit(0);
