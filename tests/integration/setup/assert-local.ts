/** Tests create and drop databases: refuse anything that is not on this machine. */
export function assertLocalUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`tests refuse to run against a non-local server (${host})`);
  }
}
