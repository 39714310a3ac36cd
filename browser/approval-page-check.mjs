// Drives the gateway's approval page in Debian's headless chromium with playwright-core: an operator
// opens the page, gives the key and their name, finds the held call, comments and approves it.
// Run by ApprovalPageBrowserTest (./jitgate test). Input from the environment:
//   JITGATE_BROWSER_DIR  the folder holding node_modules/playwright-core (scripts/browser-setup.sh)
//   PAGE_URL             http://127.0.0.1:PORT/admin/ui/approvals
//   ADMIN_KEY, OPERATOR, APPROVAL_ID, COMMENT
// Prints one JSON line with what the page showed; exits 1 on any failure.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) { console.error(`approval-page-check: ${name} is not set`); process.exit(2); }
  return value;
};
const require = createRequire(join(env("JITGATE_BROWSER_DIR"), "node_modules", "noop.js"));
const { chromium } = require("playwright-core");
const [url, key, operator, id, comment] = ["PAGE_URL", "ADMIN_KEY", "OPERATOR", "APPROVAL_ID", "COMMENT"].map(env);

const profile = mkdtempSync(join(tmpdir(), "jitgate-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    timeout: 60000,
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  await page.goto(url);
  await page.fill("#key", key);
  await page.fill("#operator", operator);
  await page.click("#connect");
  const row = page.locator(`tr[data-approval-id="${id}"]`);
  await row.waitFor({ timeout: 60000 });
  const rowText = await row.innerText();
  await row.locator("input.comment").fill(comment);
  await row.locator("button.approve").click();
  await page.waitForFunction((want) => document.getElementById("status").textContent.includes(want), `${id} is now approved`,
    { timeout: 60000 });
  const status = await page.locator("#status").innerText();
  await row.waitFor({ state: "detached", timeout: 60000 });
  console.log(JSON.stringify({ ok: problems.length === 0, rowText, status, problems }));
  process.exitCode = problems.length === 0 ? 0 : 1;
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e && e.stack || e) }));
  process.exitCode = 1;
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
