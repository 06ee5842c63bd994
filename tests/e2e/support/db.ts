import pg from "pg";
import { e2eEnv } from "../env";

/** Runs `fn` with its own connection to the run's database, closed afterwards. */
export async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eEnv.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
