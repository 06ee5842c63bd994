import { chromium } from "playwright-core";

// HTML → PDF through headless Chromium (Debian's /usr/bin/chromium; never a downloaded browser).
// The browser is handed the finished document with setContent and may fetch nothing: JavaScript
// is off and every request is aborted. So it needs no credentials at all — no session cookie, no
// token — and a report cannot make it reach the app, S3 or the network.

const CHROMIUM = "/usr/bin/chromium";
const TIMEOUT_MS = 30_000;

export async function renderPdf(document: string): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: TIMEOUT_MS,
    // --no-sandbox: the service runs as an unprivileged user in a container without user namespaces.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.route("**/*", (route) => route.abort());
    await page.setContent(document, { waitUntil: "load", timeout: TIMEOUT_MS });
    return await page.pdf({
      format: "A4",
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#475569">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
    });
  } finally {
    await browser.close();
  }
}
