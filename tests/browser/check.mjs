// Opens each scorecard web page in headless Chromium, as a reader would on a
// desktop and on a 320 px phone, and fails if axe-core finds any WCAG 2.2 A
// or AA violation, if the page asks for anything over the network, or if it
// is wider than the phone. Screenshots go to the folder given first.
//
//   node check.mjs SCREENSHOT_DIR page.html [page.html ...]
//
// .ci/browser-test installs what it needs and runs it; see README.md.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "320px", width: 320, height: 640 },
];

const [shots, ...pages] = process.argv.slice(2);
if (!shots || pages.length === 0) {
  console.error("usage: node check.mjs SCREENSHOT_DIR page.html [page.html ...]");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  // The flags this machine's closed network needs (no background fetches).
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

let failures = 0;
for (const file of pages) {
  const name = basename(file, ".html");
  for (const viewport of VIEWPORTS) {
    const page = await browser.newPage({ viewport });
    // A screenshot waits for fonts and paints a tall page: on a busy two-core
    // machine the first took over 30 s, playwright's default. These are checks
    // of what the page is, not of how fast it paints.
    page.setDefaultTimeout(180_000);
    const requests = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const where = `${name} at ${viewport.name}`;
    if (requests.length > 0) {
      failures++;
      console.log(`FAIL ${where}: network requests: ${requests.join(", ")}`);
    }
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > viewport.width) {
      failures++;
      console.log(`FAIL ${where}: the page is ${wide} px wide, wider than the screen`);
    }
    await page.screenshot({ path: `${shots}/${name}-${viewport.name}.png`, fullPage: true });
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(
      (tags) => globalThis.axe.run(document, { runOnly: { type: "tag", values: tags } }),
      TAGS,
    );
    for (const v of result.violations) {
      failures++;
      console.log(`FAIL ${where}: ${v.id} (${v.impact}): ${v.help}`);
      for (const node of v.nodes.slice(0, 5)) {
        console.log(`     ${node.target.join(" ")}: ${node.failureSummary.replace(/\s+/g, " ")}`);
      }
      if (v.nodes.length > 5) console.log(`     … and ${v.nodes.length - 5} more`);
    }
    console.log(
      `${where}: ${result.passes.length} rules passed, ${result.violations.length} violated, ` +
        `${result.incomplete.length} need a person to check` +
        (result.incomplete.length ? ` (${result.incomplete.map((r) => `${r.id}: ${r.nodes.length}`).join(", ")})` : ""),
    );
    if (viewport.name === "desktop") {
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: `${shots}/${name}-print.png`, fullPage: true });
    }
    await page.close();
  }
}
await browser.close();
if (failures > 0) {
  console.log(`${failures} accessibility failure(s)`);
  process.exit(1);
}
console.log("no WCAG 2.2 A/AA violations found by axe-core, no network requests, no page wider than the screen");
