import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { BrowserSession, hasBrowser } from '../helpers/browser.js';
import { startFakeAres, type FakeAres } from '../helpers/fakeAres.js';

// A claim filed on the chat page through the card forms: the buyer looked up by its IČO in a
// fake ARES register on 127.0.0.1, an invoice PDF uploaded with Web Chat's upload button and
// listed on the summary; then the same claim with the register hanging (one timeout, then the
// circuit breaker: the form asks for the name and goes on). Chromium and the guard for its
// absence: see webchat.browser.test.ts.

const WAIT = { timeout: 20_000 };
const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
const transcript = (page: Page) => page.locator('.webchat__basic-transcript__transcript');
const botBubbles = (page: Page) => transcript(page).locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');
/** The newest Adaptive Card whose inputs include this field (Adaptive Cards put the input's id on its container). */
const cardWith = (page: Page, field: string) => transcript(page).locator('.ac-adaptiveCard').filter({ has: page.locator(`[id="${field}"]`) }).last();
const input = (card: Locator, field: string) => card.locator(`[id="${field}"] input, [id="${field}"] textarea, [id="${field}"] select`).first();

async function say(page: Page, text: string, reply: string | RegExp): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
  await botBubbles(page).filter({ hasText: reply }).last().waitFor(WAIT);
}

async function submit(card: Locator, button: string): Promise<void> {
  await card.locator('button', { hasText: button }).first().click();
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe.runIf(hasBrowser)('a claim through the card forms on the chat page', () => {
  let ares: FakeAres;
  let bot: RunningApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    ares = await startFakeAres();
    // Wednesday 10:00 in Prague; the register answers within 1 s or is given up on for 5 minutes.
    bot = await startTestApp({ ARES_URL: ares.url, ARES_TIMEOUT_MS: '1000', ARES_BREAKER_MINUTES: '5' }, { clock: { now: () => new Date('2026-11-25T09:00:00Z') } });
    await bot.app.knowledge;
    browser = await BrowserSession.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await ares?.close();
  });

  async function claimUpToDocuments(page: Page, ico: string): Promise<void> {
    await page.goto(`${bot.url}/?lang=en`);
    await botBubbles(page).filter({ hasText: 'Hello, I am the virtual assistant' }).first().waitFor(WAIT);
    await say(page, 'I want to file a claim', 'What is your policy number');
    await say(page, 'CZ-2024-10001', 'name of the buyer');
    const buyer = cardWith(page, 'buyerRegistrationNumber');
    await buyer.waitFor(WAIT);
    expect(await input(buyer, 'buyerCountry').inputValue()).toBe('CZ');
    await input(buyer, 'buyerRegistrationNumber').fill(ico);
    await submit(buyer, 'Continue');
  }

  async function invoiceAndDetails(page: Page): Promise<void> {
    const invoice = cardWith(page, 'invoiceNumber');
    await invoice.waitFor(WAIT);
    await input(invoice, 'invoiceNumber').fill('F-2026-118');
    await input(invoice, 'invoiceIssueDate').fill('2026-09-01');
    await input(invoice, 'invoiceDueDate').fill('2026-10-01');
    await input(invoice, 'invoiceAmount').fill('20000');
    await submit(invoice, 'Continue');
    const details = cardWith(page, 'collectionSteps');
    await details.waitFor(WAIT);
    await details.locator('[id="extension"] input[value="No"]').check();
    await input(details, 'collectionSteps').fill('two reminders and a phone call');
    await details.locator('[id="disputed"] input[value="No"]').check();
    await details.locator('[id="cause"] input[value="Insolvency of the buyer"]').check();
    await details.locator('[id="startCollection"] input[value="No"]').check();
    await submit(details, 'Continue');
  }

  async function contactAndSummary(page: Page): Promise<Locator> {
    const contact = cardWith(page, 'contactName');
    await contact.waitFor(WAIT);
    await input(contact, 'contactName').fill('Jan Novák');
    await input(contact, 'contactEmail').fill('jan@acme.cz');
    await submit(contact, 'Continue');
    const summary = transcript(page).locator('.ac-adaptiveCard').filter({ hasText: 'Confirm' }).last();
    await summary.waitFor(WAIT);
    return summary;
  }

  it('looks the buyer up in the register, takes an uploaded invoice PDF, lists it on the summary and files the claim', async () => {
    const page = await browser.newPage();
    await claimUpToDocuments(page, '27074358');
    await botBubbles(page).filter({ hasText: 'Found in the business register (ARES): Asseco Central Europe, a.s., Budějovická 778/3a' }).last().waitFor(WAIT);
    await invoiceAndDetails(page);
    await botBubbles(page).filter({ hasText: 'attach the files here' }).last().waitFor(WAIT);
    // Web Chat's upload button: its file input, as a client choosing a file would.
    await page.locator('input[type="file"]').first().setInputFiles({ name: 'faktura-F-2026-118.pdf', mimeType: 'application/pdf', buffer: PDF });
    // Web Chat 4.18 holds the picked file in the send box until the message is sent.
    await page.locator('.webchat__upload-button .webchat__attachment-icon--checked').waitFor(WAIT);
    await page.locator('button.webchat__send-button').click();
    await botBubbles(page).filter({ hasText: 'faktura-F-2026-118.pdf' }).last().waitFor(WAIT);
    await say(page, 'done', 'Who should we contact');
    const summary = await contactAndSummary(page);
    const text = await summary.innerText();
    expect(text).toContain('faktura-F-2026-118.pdf');
    expect(text).toContain('Asseco Central Europe, a.s.');
    expect(text).toContain('Budějovická 778/3a, Michle, 14000 Praha 4');
    expect(text).toContain('CZ27074358');
    await summary.locator('button', { hasText: 'Confirm' }).click();
    const filed = botBubbles(page).filter({ hasText: /filed under reference:\s*CLM-/ }).last();
    await filed.waitFor(WAIT);
    const reference = /CLM-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(await filed.innerText())![0];
    const record = await bot.app.internals.cases.getCase(reference);
    expect(record?.data).toMatchObject({
      buyer: { name: 'Asseco Central Europe, a.s.', registrationNumber: '27074358', vatId: 'CZ27074358' },
      attachments: [{ name: 'faktura-F-2026-118.pdf', contentType: 'application/pdf', size: PDF.length }],
    });
    await page.close();
  }, 180_000);

  it('with the register hanging, the claim completes after one timeout: the name is asked, the register not asked again', async () => {
    ares.reset();
    ares.delayMs = 30_000;
    const page = await browser.newPage();
    await claimUpToDocuments(page, '45274649');
    await botBubbles(page).filter({ hasText: 'cannot reach the business register' }).last().waitFor(WAIT);
    const buyer = cardWith(page, 'buyerName');
    await input(buyer, 'buyerName').fill('ČEZ, a. s.');
    await submit(buyer, 'Continue');
    await invoiceAndDetails(page);
    await say(page, 'done', 'Who should we contact');
    const summary = await contactAndSummary(page);
    expect(await summary.innerText()).toContain('ČEZ, a. s.');
    await summary.locator('button', { hasText: 'Confirm' }).click();
    await botBubbles(page).filter({ hasText: /filed under reference:\s*CLM-/ }).last().waitFor(WAIT);
    // One request, given up after the timeout; the breaker kept every later step from waiting.
    expect(ares.requests).toEqual(['45274649']);
    await page.close();
  }, 180_000);
});
