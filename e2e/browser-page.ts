/**
 * The scaffolding every browser test shares: a fresh context and page, browser errors collected
 * while the test runs and asserted empty at its end, a picture when it fails, and the context
 * closed however it ends.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot, startProduct, type TestServer } from './test-server.ts';

export interface PageOptions {
  baseURL: string;
  viewport: { width: number; height: number };
  /** Called with the page when the test fails, to take a failure screenshot. */
  onFailure: (page: Page) => Promise<void>;
  /** Also count console errors as problems (responses with a 4xx status excepted). */
  consoleErrors?: boolean;
  /** Message of the final "no browser errors" assertion. */
  problemsMessage?: string;
  /** Append the browser errors collected so far to a failure's message. */
  appendProblems?: boolean;
}

export async function withPage(
  browser: Browser,
  options: PageOptions,
  body: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport: options.viewport, baseURL: options.baseURL });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  if (options.consoleErrors)
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
        problems.push(`console: ${message.text()}`);
    });

  try {
    await body(page, context);
    assert.deepEqual(problems, [], options.problemsMessage);
  } catch (error) {
    await options.onFailure(page).catch(() => undefined);
    if (options.appendProblems && problems.length > 0 && error instanceof Error)
      error.message += `\nBrowser errors:\n${problems.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(repoRoot, 'test-output/e2e');

export type BrowserSuite = { server: TestServer; browser: Browser };

/**
 * The product (with its demo data) and a headless Chromium for one test file: started before its
 * tests, stopped after them. Read `suite.server` and `suite.browser` inside the tests.
 */
export function browserSuite(): BrowserSuite {
  const suite = {} as BrowserSuite;
  before(async () => {
    assert.ok(
      existsSync(path.join(repoRoot, 'apps/web/dist/index.html')),
      'apps/web/dist is missing: run `npm run test:e2e`, which builds the web first',
    );
    assert.ok(existsSync(CHROMIUM), `No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    mkdirSync(SHOTS, { recursive: true });
    suite.server = await startProduct();
    suite.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/**
 * Screenshots into test-output/e2e/<prefix><name>.png, after Mantine's transitions settle. Pass
 * `fullPage: false` for dialogs and drawers: their overlay covers only the viewport.
 */
export function screenshots(prefix: string) {
  return async (page: Page, name: string, fullPage = true): Promise<void> => {
    await page.waitForTimeout(250);
    // A full-page picture taken while scrolled draws the fixed header mid-page.
    if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, `${prefix}${name}.png`), fullPage });
  };
}
