// Opens a client sign-off link in Debian's headless Chromium, answers the form by keyboard alone, then opens the
// link again. Argument: the link; optional second argument: where to save a screenshot of the page. Prints one JSON
// object: what each step saw, every request the page made (to tell a third-party request), the page's weight and its
// time to first paint, and whether it fits 320 px without scrolling sideways. Exits non-zero if a step failed.
const { chromium } = require("playwright-core");

async function main() {
  const [link, screenshot] = process.argv.slice(2);
  if (!link) throw new Error("usage: node signoff-browser.js <link> [screenshot.png]");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const result = { requests: [], consoleErrors: [] };
  try {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") result.consoleErrors.push(`${m.text()} (${m.location().url})`); });
    page.on("requestfinished", async (request) => {
      const response = await request.response();
      const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
      result.requests.push({ url: request.url(), method: request.method(), bytes: body.length });
    });

    const first = await page.goto(link, { waitUntil: "load" });
    result.firstStatus = first.status();
    result.title = await page.title();
    const timing = () => page.evaluate(async () => {
      const nav = performance.getEntriesByType("navigation")[0];
      // the paint entry may be reported a moment after load
      const paint = await new Promise((resolve) => {
        new PerformanceObserver((list) => {
          const fcp = list.getEntries().find((p) => p.name === "first-contentful-paint");
          if (fcp) resolve(fcp.startTime);
        }).observe({ type: "paint", buffered: true });
        setTimeout(() => resolve(null), 3000);
      });
      return { responseEnd: nav.responseEnd, firstContentfulPaint: paint, load: nav.loadEventEnd };
    });
    result.timing = await timing();
    // the first visit pays for the server's first request (JIT, the store's first read); then as a client meets it
    const warm = [];
    for (let i = 0; i < 9; i++) { await page.reload({ waitUntil: "load" }); warm.push(await timing()); }
    const median = (key) => {
      const values = warm.map((t) => t[key]).filter((v) => v !== null).sort((a, b) => a - b);
      return values.length ? values[Math.floor(values.length / 2)] : null;
    };
    result.warmTiming = { responseEnd: median("responseEnd"), firstContentfulPaint: median("firstContentfulPaint"), load: median("load") };
    result.overflowsAt320 = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    result.styled = await page.evaluate(() => getComputedStyle(document.querySelector("button")).backgroundColor);
    // what one visit downloads: each file of the page once (no-store: every visit downloads them all again)
    const files = new Map(result.requests.filter((r) => r.method === "GET").map((r) => [r.url, r.bytes]));
    result.pageFiles = files.size;
    result.pageBytes = [...files.values()].reduce((sum, bytes) => sum + bytes, 0);
    if (screenshot) {
      await page.setViewportSize({ width: 480, height: 900 });
      await page.screenshot({ path: screenshot, fullPage: true });
      await page.setViewportSize({ width: 320, height: 640 });
    }

    // by keyboard alone: Tab to the confirmation, tick it, choose a satisfaction, write, submit
    const focused = () => page.evaluate(() => document.activeElement && document.activeElement.id);
    for (let i = 0; i < 20 && (await focused()) !== "received"; i++) await page.keyboard.press("Tab");
    result.reachedCheckbox = (await focused()) === "received";
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab"); // the first choice
    await page.keyboard.press("ArrowDown"); // "Satisfied"
    await page.keyboard.press("Tab");
    result.reachedFeedback = (await focused()) === "feedback";
    await page.keyboard.type("Received, thank you.");
    await page.keyboard.press("Tab");
    const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    result.answerStatus = answer.status();
    result.answerHeading = await page.textContent("h1");

    result.consoleErrorsBeforeAgain = result.consoleErrors.length;
    const again = await page.goto(link, { waitUntil: "load" });
    result.againStatus = again.status();
    result.againHeading = await page.textContent("h1");
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
