// The purges' walk over due rows: keyset batches, each row handled once per run (a row that fails
// is not retried in the same run, so the walk always ends). `fetch` selects the next batch after
// the last row of the one before (null: the first batch), in the keyset's order.

export async function forEachInBatches<R>(fetch: (after: R | null) => Promise<R[]>, batchSize: number, each: (row: R) => Promise<void>): Promise<void> {
  let after: R | null = null;
  for (;;) {
    const batch = await fetch(after);
    for (const row of batch) await each(row);
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1];
  }
}
