/**
 * The scaffolding every browser test shares: a fresh context and page, browser errors collected
 * while the test runs and asserted empty at its end, a picture when it fails, and the context
 * closed however it ends.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';

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
