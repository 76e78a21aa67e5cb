import fs from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { tempDir } from './app.js';

/** Chromium for the browser tests, driven by playwright-core; nothing leaves 127.0.0.1. */
// Debian's Chromium; CHROMIUM_PATH points elsewhere (or nowhere, to try the skip).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const hasBrowser = fs.existsSync(CHROMIUM);
export const browserRequired = process.env.REQUIRE_BROWSER === '1';
if (!hasBrowser && !browserRequired) {
  console.warn(`test/browser skipped: ${CHROMIUM} is missing (apt-get install chromium); with REQUIRE_BROWSER=1 these tests fail instead.`);
}

/** A fresh browser profile per launch; page errors and CSP violations are collected for the final checks. */
export class BrowserSession {
  readonly problems: string[] = [];
  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(options: { locale?: string } = {}): Promise<BrowserSession> {
    const profile = tempDir('chromium-profile-');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1100, height: 900 },
      locale: options.locale ?? 'en-US',
    });
    const session = new BrowserSession(context, profile);
    // Scripts for the page are strings: this project type-checks without the DOM library.
    await context.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.effectiveDirective + ' ' + e.blockedURI));",
    });
    context.on('page', (page) => session.watch(page));
    for (const page of context.pages()) session.watch(page);
    return session;
  }

  private watch(page: Page): void {
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console error: ${message.text()}`);
    });
  }

  async newPage(): Promise<Page> {
    return this.context.pages()[0] && this.context.pages()[0]!.url() === 'about:blank' ? this.context.pages()[0]! : this.context.newPage();
  }

  async close(): Promise<void> {
    await this.context.close();
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

