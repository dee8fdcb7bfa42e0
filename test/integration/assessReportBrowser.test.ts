// The panel's HTML report in a real browser (Chromium headless, through puppeteer-core): the page,
// not the string. A hostile submission (script in a commit subject, an onerror image in a check
// message, an SVG in the candidate label, a remote image in the diff) must render as text, run
// nothing and fetch nothing; the verdict banner and the per-lab scores must be what a panel sees;
// the page must fit 1024 px and print. Without Chromium the test fails with the fix; it never skips.
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHtml } from "../../grader/assess/report/html.ts";
import { commit, verificationFixture } from "../helpers/verificationFixture.ts";

const FIX = "run bash scripts/setup-chromium.sh (or set CHROME_PATH to a Chromium or Chrome)";
const XSS = "window.__xss=1";

function chromiumPath(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} is not an executable: ${FIX}`);
    return fromEnv;
  }
  const found = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, "chromium")).find(isExecutable);
  if (!found) throw new Error(`Chromium is missing (no chromium on PATH): ${FIX}`);
  return found;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// A submission an attacker would send: every candidate-controlled field carries a payload that
// would set window.__xss or fetch a URL if it reached the page as markup.
const hostile = verificationFixture({
  candidate: `<svg onload="${XSS}">cand-9</svg>`,
  labs: [
    { id: "dockerfile-optimize", checks: [
      { id: "secret-absent", topic: "image security", status: "fail", required: true, weight: 2, claimed: "pass",
        message: `ENV leaks a key <img src=x onerror="${XSS}">`, evidence: { file: "Dockerfile", line: 4, excerpt: `ENV API_KEY=sk-live-123\n</pre><img src=x onerror=${XSS}>` } },
      { id: "non-root-user", topic: "image security", status: "pass", required: true },
      { id: "image-size-below", topic: "image size", status: "fail", weight: 2, evidence: { measured: "1210 MB", threshold: "600 MB" } },
    ] },
    { id: "compose-ml-stack", level: "mid", checks: [
      { id: "prometheus-scrapes-api", topic: "Prometheus monitoring", status: "fail", weight: 2 },
      { id: "healthchecks", topic: "health checks and startup order", status: "pass", weight: 2 },
      { id: "startup-order", topic: "health checks and startup order", status: "pass", weight: 2 },
    ] },
  ],
  commits: [commit(`<script>${XSS}</script> submit`, 420, 60, 14)],
  diffStat: " Dockerfile | 4 ++--\n 1 file changed, 2 insertions(+), 2 deletions(-)\n",
  diff: [
    "diff --git a/Dockerfile b/Dockerfile",
    "--- a/Dockerfile",
    "+++ b/Dockerfile",
    "@@ -1,3 +1,3 @@",
    "-FROM python:3.11",
    "+FROM python:3.11-slim",
    `+# <script>${XSS}</script><img src="http://127.0.0.1:9/beacon.png"><link rel=stylesheet href="https://example.invalid/x.css">`,
    `+RUN echo ${"x".repeat(400)}`,
  ].join("\n"),
});

describe("the panel's HTML report in Chromium", () => {
  let browser: Browser | undefined;
  let loaded: Page | undefined;
  // A failing beforeAll makes vitest count the tests as skipped: keep the error, and fail each test with it.
  let setupError: unknown;
  let dir: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const opened = (): Page => {
    if (!loaded) throw setupError ?? new Error("the report page did not load");
    return loaded;
  };

  beforeAll(async () => {
    try {
      await openReport();
    } catch (err) {
      setupError = err;
    }
  });

  async function openReport() {
    const executablePath = chromiumPath();
    dir = await mkdtemp(path.join(tmpdir(), "mlops-report-"));
    const file = path.join(dir, "report.html");
    await writeFile(file, toHtml(hostile));
    const url = pathToFileURL(file).href;
    browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--headless", "--disable-dev-shm-usage"] });
    const page = await browser.newPage();
    await page.setViewport({ width: 1024, height: 800 });
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      if (req.url() === url) return void req.continue();
      requests.push(req.url());
      void req.abort();
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    await page.goto(url, { waitUntil: "load" });
    loaded = page;
  }

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("shows the verdict banner", async () => {
    const banner = await opened().waitForSelector("#verdict", { visible: true, timeout: 5_000 });
    const text = await banner!.evaluate((el) => (el as HTMLElement).innerText);
    expect(text).toContain("MISMATCH: 1 check differs from the candidate's report");
    expect(text).toContain("dockerfile-optimize / secret-absent: candidate's report pass, re-grade fail");
  });

  it("has one row per lab in the score table, with the re-graded scores and bands", async () => {
    const rows = await opened().$$eval("#lab-scores tbody tr", (trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((td) => td.innerText.trim())));
    expect(rows).toEqual([
      ["dockerfile-optimize 1.0.0", "junior", "1/5 (20%, pass mark 80%)", "not passed", "below junior", "0 used"],
      ["compose-ml-stack 1.0.0", "mid", "4/6 (66%, pass mark 80%)", "not passed", "below mid", "0 used"],
    ]);
  });

  it("renders the red flags the evidence supports", async () => {
    const flags = await opened().$$eval("#red-flags .flag", (els) => els.map((el) => el.getAttribute("data-flag")));
    expect(flags).toEqual(["report-mismatch", "security-ignored", "monitoring-ignored", "no-version-control-discipline"]);
  });

  it("shows the hostile input as text and runs none of it", async () => {
    const seen = await opened().evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      handlers: document.querySelectorAll("[onerror], [onload]").length,
      active: document.querySelectorAll("script, img, svg, iframe, link, object, embed").length,
      timeline: (document.querySelector("#timeline") as HTMLElement).innerText,
      candidate: (document.querySelector("h1") as HTMLElement).innerText,
    }));
    expect(seen.xss).toBeUndefined();
    expect(seen.handlers).toBe(0);
    expect(seen.active).toBe(0);
    expect(seen.timeline).toContain(`<script>${XSS}</script> submit`);
    expect(seen.candidate).toBe(`Assessment report: <svg onload="${XSS}">cand-9</svg>`);
  });

  it("makes no network request and logs no error (no CSP violation)", () => {
    opened();
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("fits 1024 px without horizontal scrolling", async () => {
    expect(await opened().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  });

  it("prints to PDF, with the diff opened for print", async () => {
    const page = opened();
    await page.emulateMediaType("print");
    const diffHeight = await page.$eval("pre.diff", (el) => el.getBoundingClientRect().height);
    expect(diffHeight).toBeGreaterThan(0);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.byteLength).toBeGreaterThan(1024);
    await page.emulateMediaType("screen");
  });
});
