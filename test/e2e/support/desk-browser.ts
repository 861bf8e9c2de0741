import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium unless DESK_CHROMIUM points elsewhere: playwright-core downloads no browser of its own. */
export const CHROMIUM = process.env['DESK_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where the e2e tests leave their screenshots for a reviewer to look at. */
export const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/e2e');

/** Whether Chromium is there; when it is not, says which test is skipped and how to get it, since a skip must print why. */
export function chromiumAvailable(testName: string): boolean {
  const have = existsSync(CHROMIUM);
  if (!have) console.warn(`${testName} e2e skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM).`);
  return have;
}

/** A headless Chromium with one desk-sized page whose uncaught errors and console errors are collected. */
export interface DeskBrowser {
  readonly browser: Browser;
  readonly page: Page;
  /** Page errors and console errors seen so far: a test ends by asserting this is empty. */
  readonly pageErrors: string[];
}

export interface DeskBrowserOptions {
  /** Console errors a test provokes on purpose (e.g. a refused request's status), kept out of `pageErrors`. */
  readonly expectedConsoleError?: (text: string) => boolean;
  /** The page's size; 1440×900 unless a test needs a taller page for its screenshots. */
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** Launches Chromium the way every e2e test here does and opens a desk-sized page; creates SHOTS too. */
export async function launchDeskBrowser(options: DeskBrowserOptions = {}): Promise<DeskBrowser> {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--headless'],
  });
  const pageErrors: string[] = [];
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1440, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && options.expectedConsoleError?.(message.text()) !== true) pageErrors.push(message.text());
  });
  return { browser, page, pageErrors };
}
