import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { BrowserSession, hasBrowser } from '../helpers/browser.js';

const ARTIFACTS = path.resolve('test-artifacts');
const WAIT = { timeout: 20_000 };

// Web Chat's upload button on the chat page, during a claim's documents step: the file goes
// through the local Direct Line's /upload, the bot acknowledges it, the case records it.

const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
const transcript = (page: Page) => page.locator('.webchat__basic-transcript__transcript');
const bubble = (page: Page, text: string) => transcript(page).locator('.webchat__bubble__content').filter({ hasText: text });
const botBubbles = (page: Page) => transcript(page).locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');

describe.runIf(hasBrowser)('files from the chat page', () => {
  let bot: RunningApp;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    bot = await startTestApp();
    await bot.app.knowledge;
    browser = await BrowserSession.launch();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  async function answer(text: string, next: string): Promise<void> {
    await sendBox(page).fill(text);
    await sendBox(page).press('Enter');
    await botBubbles(page).filter({ hasText: next }).last().waitFor(WAIT);
  }

  it('sends an invoice PDF with the upload button at the documents step; it is on the summary and stored with the case', async () => {
    await page.goto(`${bot.url}/?lang=en`);
    await bubble(page, 'Hello, I am the virtual assistant').waitFor(WAIT);
    await answer('I want to file a claim', 'What is your policy number');
    await answer('CZ-2024-10001', 'name of the buyer');
    await answer('ACME s.r.o.', 'which country');
    await answer('CZ', 'registration number (IČO)');
    await answer('27074358', 'VAT number');
    await answer('skip', 'Invoice 1: what is its number');
    await answer('F-1', 'When was invoice F-1 issued');
    await answer('2026-09-01', 'original due date');
    await answer('2026-10-01', 'amount of invoice F-1');
    await answer('20000 CZK', 'still unpaid');
    await answer('all', 'another unpaid invoice');
    await answer('no', 'extension');
    await answer('no', 'What have you done');
    await answer('two reminders', 'dispute');
    await answer('no', 'cause of the loss');
    await answer('insolvency', 'collecting the debt');
    await answer('no', 'attach the files here');

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);
    const uploaded = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/upload?userId='));
    await page.locator('input[type="file"]').setInputFiles({ name: 'invoice-F-1.pdf', mimeType: 'application/pdf', buffer: pdf });
    // Web Chat 4.18 holds the picked file in the send box until the message is sent.
    await page.locator('.webchat__upload-button .webchat__attachment-icon--checked').waitFor(WAIT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-claim-upload-attached.png'), fullPage: true });
    await page.locator('button.webchat__send-button').click();
    expect((await uploaded).status()).toBe(200);
    await botBubbles(page).filter({ hasText: 'Received: invoice-F-1.pdf' }).last().waitFor(WAIT);

    await answer('done', 'Who should we contact');
    await answer('Jan Novák', 'e-mail address or phone number');
    await sendBox(page).fill('jan@acme.cz');
    await sendBox(page).press('Enter');
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'invoice-F-1.pdf' }).last();
    await card.waitFor(WAIT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-claim-upload-summary.png'), fullPage: true });
    await card.locator('button', { hasText: 'Confirm' }).click();
    const filed = botBubbles(page).filter({ hasText: /filed under reference:\s*CLM-/ }).last();
    await filed.waitFor(WAIT);
    const reference = /CLM-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(await filed.innerText())![0];
    const record = await bot.app.internals.cases.getCase(reference);
    const [attachment] = (record!.data as { attachments: { name: string; size: number; url: string }[] }).attachments;
    expect(attachment).toMatchObject({ name: 'invoice-F-1.pdf', size: pdf.length, url: expect.stringMatching(/^\/staff\/files\/[A-Za-z0-9_-]{32}$/) });
    const stored = await bot.app.internals.stores.uploads.get(attachment!.url.split('/').pop()!);
    expect(stored!.bytes.equals(pdf)).toBe(true);
    expect(browser.problems).toEqual([]);
  }, 180_000);
});
