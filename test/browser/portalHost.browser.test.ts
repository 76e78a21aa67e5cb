import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../../dialogs/caseStore.js';
import { startPortalHost, type PortalHost } from '../../examples/portalHost.js';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { BrowserSession, hasBrowser } from '../helpers/browser.js';

/**
 * The client portal's page with the chat embedded, in Chromium: the demo portal (examples/
 * portalHost.ts) signs its user in, exchanges an assertion for a Direct Line session on its
 * server, and the page talks to the bot's Direct Line across origins (WEBCHAT_EMBED_ORIGINS).
 * The signed-in client then sees their cases — one filed earlier from another device.
 */
const SECRET = 'portal-shared-secret-of-at-least-32-chars';
const AUDIENCE = 'credit-insurance-support-bot';
const WAIT = { timeout: 20_000 };

describe.runIf(hasBrowser)('a client signed in to the portal', () => {
  let portal: PortalHost;
  let bot: RunningApp;
  let browser: BrowserSession;
  let page: Page;
  let reference: string;

  beforeAll(async () => {
    let botUrl = '';
    portal = await startPortalHost({ port: 0, settings: () => ({ botUrl, secret: SECRET, audience: AUDIENCE }) });
    bot = await startTestApp({ PORTAL_ASSERTION_SECRET: SECRET, PORTAL_ASSERTION_AUDIENCE: AUDIENCE, WEBCHAT_EMBED_ORIGINS: portal.url });
    botUrl = bot.url;
    await bot.app.knowledge;
    const earlier = {
      kind: 'overdue',
      policyNumber: 'CZ-2024-10001',
      clientId: 'strojirny-morava',
      managerId: 'jana.novakova',
      userId: 'dl_phone',
      language: 'en',
      channelId: 'webchat',
      data: { kind: 'overdue', policyNumber: 'CZ-2024-10001', buyer: { name: 'Buyer Ltd', country: 'GB' }, invoices: [{ number: 'INV-9', dueDate: '2026-09-01', amount: 900, currency: 'EUR' }], extension: { granted: false }, collectionSteps: '', disputed: false, contact: { name: 'Martin Kovář' } },
      conversationReference: {},
      idempotencyKey: 'portal-browser',
    } as unknown as NewCase;
    reference = (await bot.app.internals.cases.fileCase(earlier, new Date())).record.reference;
    browser = await BrowserSession.launch();
    page = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await portal?.close();
  });

  it('signs in on the portal and sees "my cases" in the embedded chat', async () => {
    await page.goto(portal.url);
    await page.getByRole('button', { name: /Sign in as Martin Kovář/ }).click();
    await page.getByText('Welcome, Martin Kovář').waitFor(WAIT);
    const sendBox = page.locator('[data-id="webchat-sendbox-input"]');
    await sendBox.waitFor(WAIT);
    await sendBox.fill('Show me my cases');
    await sendBox.press('Enter');
    const list = page.locator('.webchat__basic-transcript__transcript .webchat__bubble__content').filter({ hasText: reference });
    await list.waitFor(WAIT);
    expect(await list.innerText()).toMatch(/You have 1 case/);
    fs.mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: path.join('test-artifacts', 'portal-my-cases.png'), fullPage: true });
  }, 120_000);

  it('had no script errors and no Content Security Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
