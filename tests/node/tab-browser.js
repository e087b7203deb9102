// Drives the DeliveryBot tab in Debian's headless Chromium, signed in through the Development picker as the person
// given. Arguments: the bot's address, the organisation and object id to pick, a folder for screenshots (or "-").
// Prints one JSON object: what the portfolio, a timeline (opened by keyboard alone) and the metrics showed, what a
// forged token showed, every request the page made, console errors (a Content-Security-Policy violation is one), and
// the page's weight and time to first render. Exits non-zero if a step failed.
const { chromium } = require("playwright-core");
const path = require("path");

async function main() {
  const [base, tenant, objectId, pictures] = process.argv.slice(2);
  if (!objectId) throw new Error("usage: node tab-browser.js <address> <tenant> <object id> <pictures folder|->");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const result = { requests: [], consoleErrors: [], apiStatuses: [] };
  const shoot = async (page, name) => {
    if (pictures && pictures !== "-") await page.screenshot({ path: path.join(pictures, name), fullPage: true });
  };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") result.consoleErrors.push(`${m.text()} (${m.location().url})`); });
    page.on("requestfinished", async (request) => {
      const response = await request.response();
      const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
      result.requests.push({ url: request.url(), method: request.method(), status: response?.status(), bytes: body.length });
    });
    page.on("response", (r) => { if (r.url().includes("/tab/api/")) result.apiStatuses.push(`${r.status()} ${new URL(r.url()).pathname}`); });

    // the picker: whoever holds a role on an open delivery, with their organisation
    await page.goto(new URL("/tab", base).href, { waitUntil: "load" });
    await page.waitForSelector("fluent-button[data-object-id]");
    result.pickerPeople = await page.$$eval("ul.people li", (items) => items.map((li) => li.textContent.trim()));
    const pick = await page.$$("ul.people li");
    let picked = false;
    for (const item of pick) {
      const text = await item.textContent();
      const id = await item.$eval("fluent-button", (b) => b.dataset.objectId);
      if (id === objectId && text.includes(tenant)) { await item.$eval("fluent-button", (b) => b.click()); picked = true; break; }
    }
    if (!picked) throw new Error(`nobody ${objectId} of ${tenant} on the picker`);

    // the portfolio; then how long it takes to show and what it costs: a first visit with an empty cache (a new
    // browser context signed in as the same person), and visits after it (the bundle cached), median of 5
    await page.waitForSelector("tr[data-delivery]");
    const token = await page.evaluate(() => sessionStorage.getItem("deliverybot-tab-token"));
    const visit = async (probe) => {
      const started = Date.now();
      await probe.reload({ waitUntil: "commit" });
      await probe.waitForSelector("tr[data-delivery]");
      const shown = Date.now() - started;
      return probe.evaluate((shownMs) => {
        const fcp = performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint");
        return { portfolioShownMs: shownMs, firstContentfulPaint: fcp ? fcp.startTime : null };
      }, shown);
    };
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await fresh.addInitScript((t) => sessionStorage.setItem("deliverybot-tab-token", t), token);
    const probe = await fresh.newPage();
    const transferred = [];
    probe.on("requestfinished", async (request) => {
      const sizes = await request.sizes().catch(() => null);
      transferred.push({ path: new URL(request.url()).pathname, bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0 });
    });
    await probe.goto("about:blank");
    await probe.goto(new URL("/tab", base).href, { waitUntil: "commit" });
    const firstStarted = Date.now();
    await probe.waitForSelector("tr[data-delivery]");
    result.firstVisit = await probe.evaluate((shownMs) => {
      const fcp = performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint");
      return { portfolioShownMs: shownMs, firstContentfulPaint: fcp ? fcp.startTime : null };
    }, Date.now() - firstStarted);
    result.firstVisitTransfer = [...transferred];
    const warm = [];
    for (let i = 0; i < 5; i++) warm.push(await visit(probe));
    const median = (key) => warm.map((t) => t[key]).filter((v) => v !== null).sort((a, b) => a - b)[2] ?? null;
    result.warmVisit = { portfolioShownMs: median("portfolioShownMs"), firstContentfulPaint: median("firstContentfulPaint") };
    await fresh.close();
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector("tr[data-delivery]");
    result.portfolio = await page.$$eval("tr[data-delivery]", (rows) => rows.map((r) => ({
      id: r.dataset.delivery, late: r.classList.contains("late"), text: r.textContent.replace(/\s+/g, " ").trim(),
    })));
    result.badges = await page.$$eval("fluent-badge", (b) => b.map((x) => x.textContent.trim()));
    await shoot(page, "tab-portfolio.png");

    // the first delivery's timeline, reached and opened by keyboard alone
    const first = result.portfolio[0].id;
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate((id) => document.activeElement?.getAttribute("aria-label") === `${id} timeline`, first);
    }
    result.reachedTimelineByKeyboard = reached;
    if (reached) await page.keyboard.press("Enter");
    await page.waitForSelector("tr[data-milestone]");
    await page.waitForSelector(".timeline-chart svg .bar-wrapper");
    result.timeline = {
      heading: await page.$eval("#view h2", (h) => h.textContent),
      bars: await page.$$eval(".timeline-chart .bar-wrapper", (b) => b.map((x) => x.getAttribute("class"))),
      lateRows: await page.$$eval("tr[data-milestone].late", (r) => r.map((x) => x.dataset.milestone)),
      moves: await page.$$eval("tr[data-milestone] ul.plain li", (l) => l.map((x) => x.textContent)),
      chartLabel: await page.$eval(".timeline-chart", (g) => g.getAttribute("aria-label")),
      today: await page.$eval(".timeline-chart .today-label", (t) => t.textContent).catch(() => null),
      // the label is seen: nothing (the picture's sticky header, a bar) lies over its middle
      todayVisible: await page.$eval(".timeline-chart", (chart) => {
        const label = chart.querySelector(".today-label");
        const r = label?.getBoundingClientRect();
        return !!r && r.height > 0 && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === label;
      }),
      overflows: await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
    };
    await shoot(page, "tab-timeline.png");

    // the metrics
    await page.click("fluent-tab#metrics");
    await page.waitForFunction(() => document.querySelectorAll("#view canvas").length === 3);
    result.metrics = {
      captions: await page.$$eval("#view figcaption", (c) => c.map((x) => x.textContent)),
      chartLabels: await page.$$eval("#view canvas", (c) => c.map((x) => x.getAttribute("aria-label"))),
    };
    await shoot(page, "tab-metrics.png");

    // the dark theme, as Teams' dark theme (or the browser's scheme outside Teams) asks
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector("tr[data-delivery]");
    result.darkBackground = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await shoot(page, "tab-portfolio-dark.png");
    await page.emulateMedia({ colorScheme: "light" });

    const errorsBeforeForgery = result.consoleErrors.length;
    // a forged token: 401, and the page shows nothing of any delivery
    await page.evaluate(() => sessionStorage.setItem("deliverybot-tab-token", "forged.token.value"));
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector("fluent-message-bar[role=alert]");
    result.forged = {
      alert: await page.$eval("fluent-message-bar[role=alert]", (m) => m.textContent.trim()),
      rows: await page.$$eval("tr", (r) => r.length),
      text: await page.evaluate(() => document.body.innerText),
    };
    result.consoleErrorsBeforeForgery = errorsBeforeForgery;
    // what one visit downloads: the page and its files once (the bundle is cached after the first)
    const files = new Map(result.requests.filter((r) => r.method === "GET" && !r.url.includes("/tab/api/")).map((r) => [new URL(r.url).pathname, r.bytes]));
    result.pageFiles = [...files.keys()];
    result.pageBytes = [...files.values()].reduce((sum, bytes) => sum + bytes, 0);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
