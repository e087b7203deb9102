// Renders expanded Adaptive Cards with Microsoft's renderer (adaptivecards) in Debian's headless Chromium and saves a
// PNG of each. Input on stdin: [{ "name", "card" }]; argument: the output directory. Prints one JSON result per card
// ({ name, ok, problems, width, height }) and exits non-zero if any card failed to parse or render.
const fs = require("fs");
const path = require("path");
const os = require("os");
const { chromium } = require("playwright-core");

// A light Teams-like host: Segoe UI, Teams' purple accent, compact spacing, at a chat card's width.
const hostConfig = {
  fontFamily: "'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 28, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E1DFDD" },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: "#FFFFFF",
      foregroundColors: {
        default: { default: "#242424", subtle: "#616161" }, accent: { default: "#5B5FC7", subtle: "#7F85F5" },
        good: { default: "#0E700E", subtle: "#107C10" }, warning: { default: "#835B00", subtle: "#8A6C00" },
        attention: { default: "#C4314B", subtle: "#D13438" },
      },
    },
    emphasis: { backgroundColor: "#F5F5F5", foregroundColors: { default: { default: "#242424", subtle: "#616161" } } },
    accent: { backgroundColor: "#E8EBFA", foregroundColors: { default: { default: "#242424", subtle: "#616161" } } },
  },
  actions: { maxActions: 6, spacing: "default", buttonSpacing: 8, showCard: { actionMode: "inline", inlineTopMargin: 8 }, actionsOrientation: "horizontal", actionAlignment: "left" },
  supportsInteractivity: true,
};

const css = `
  body { margin: 0; background: #F5F5F5; font-family: 'Segoe UI', 'DejaVu Sans', sans-serif; }
  #card { width: 480px; margin: 12px; background: #fff; border: 1px solid #E1DFDD; border-radius: 6px; overflow: hidden; }
  .ac-pushButton { background: #fff; border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px; font: 600 14px 'Segoe UI', 'DejaVu Sans', sans-serif; color: #242424; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #fff; }
  .ac-pushButton.style-destructive { color: #C4314B; }
  .ac-input { font: 14px 'Segoe UI', 'DejaVu Sans', sans-serif; border: 1px solid #D1D1D1; border-radius: 4px; padding: 4px 6px; }
  .ac-textRun, .ac-textBlock { line-height: 1.35; }
`;

async function main() {
  const outDir = process.argv[2];
  if (!outDir) throw new Error("usage: node render-png.js <output directory> < cards.json");
  fs.mkdirSync(outDir, { recursive: true });
  const cards = JSON.parse(fs.readFileSync(0, "utf8"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const results = [];
  try {
    const page = await browser.newPage({ viewport: { width: 520, height: 800 }, deviceScaleFactor: 2 });
    await page.setContent(`<html><head></head><body><div id="card"></div></body></html>`);
    await page.addStyleTag({ path: require.resolve("adaptivecards/dist/adaptivecards.css") });
    await page.addStyleTag({ content: css });
    await page.addScriptTag({ path: require.resolve("adaptivecards/dist/adaptivecards.min.js") });
    for (const { name, card } of cards) {
      const outcome = await page.evaluate(({ card, hostConfig }) => {
        const problems = [];
        const context = new AdaptiveCards.SerializationContext();
        const adaptive = new AdaptiveCards.AdaptiveCard();
        adaptive.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
        adaptive.parse(card, context);
        for (let i = 0; i < context.eventCount; i++) {
          const e = context.getEventAt(i);
          problems.push(`${AdaptiveCards.ValidationEvent[e.event]}: ${e.message}`);
        }
        const element = adaptive.render();
        const host = document.getElementById("card");
        host.innerHTML = "";
        if (!element) problems.push("the renderer produced nothing");
        else host.appendChild(element);
        return { problems };
      }, { card, hostConfig });
      const box = await page.locator("#card").boundingBox();
      const file = path.join(outDir, `${name}.png`);
      if (outcome.problems.length === 0 && box) await page.locator("#card").screenshot({ path: file });
      results.push({ name, ok: outcome.problems.length === 0 && !!box, problems: outcome.problems, width: box?.width ?? 0, height: box?.height ?? 0 });
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
  if (results.some(r => !r.ok)) process.exitCode = 1;
}

main().catch(e => { console.error(String(e && e.stack || e)); process.exit(2); });
