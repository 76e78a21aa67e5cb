import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';
import { seriousAxeViolations } from '../helpers/axe.js';
import { BrowserSession, hasBrowser } from '../helpers/browser.js';
import { startChannelReceiver } from '../helpers/channelReceiver.js';

// The staff workspace in Chromium for a Czech manager (#19): Czech from Accept-Language, the
// queue updating live, a callback booked for "zítra v 10" and marked called back, axe-core.
const WAIT = { timeout: 15_000 };
// Wednesday 25 November 2026: 10:00 in Prague (at work), and 23:30 (out of hours).
const WORKING = new Date('2026-11-25T09:00:00Z');
const NIGHT = new Date('2026-11-25T22:30:00Z');
// Screenshots go to test-artifacts/ (docs/screenshots/ holds a committed copy).
const ARTIFACTS = path.resolve('test-artifacts');

describe.runIf(hasBrowser)('the staff workspace in a cs-CZ browser', () => {
  let now = WORKING;
  let app: RunningApp;
  let receiver: Awaited<ReturnType<typeof startChannelReceiver>>;
  let browser: BrowserSession;
  let page: Page;
  const say = (conversation: string, text: string) =>
    postActivity(app.url, messageActivity(text, { conversation: { id: conversation }, from: { id: `client-${conversation}` }, serviceUrl: receiver.url, locale: 'cs-CZ' }));

  beforeAll(async () => {
    receiver = await startChannelReceiver();
    app = await startTestApp({}, { clock: { now: () => now } });
    browser = await BrowserSession.launch({ locale: 'cs-CZ' });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await receiver?.close();
  });

  it('renders /staff in Czech for a cs-CZ browser (sign-in and the queue), with no serious or critical axe violations', async () => {
    await page.goto(`${app.url}/staff`);
    await page.getByRole('heading', { level: 1, name: 'Přihlášení do pracoviště zaměstnanců' }).waitFor(WAIT);
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('cs');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Identifikátor').fill('jana.novakova');
    await page.getByLabel('Heslo').fill('demo-jana');
    await page.getByRole('button', { name: 'Přihlásit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Otevřená předání a zpětná volání' }).waitFor(WAIT);
    await page.getByText('Pro vás ani váš tým nejsou žádná otevřená předání.').waitFor(WAIT);
    expect(await seriousAxeViolations(page)).toEqual([]);
  }, 30_000);

  it('shows a new handoff in the queue without a reload when a client asks for a person', async () => {
    await page.locator('#live-state', { hasText: 'Živě' }).waitFor(WAIT);
    await page.evaluate('window.__notReloaded = true');
    await say('staff-live', 'Chci mluvit s člověkem');
    await say('staff-live', 'CZ-2024-10001');
    const card = page.locator('.ticket-card.status-waiting');
    await card.waitFor(WAIT);
    expect(await page.evaluate('window.__notReloaded')).toBe(true);
    const cardText = (await card.innerText()).replace(/\u00A0/g, ' ');
    // Internal values in words; a waiting time.
    expect(cardText).toMatch(/Kanál\s+test/);
    expect(cardText).toMatch(/Jazyk\s+čeština/);
    expect(cardText).toMatch(/Důvod\s+klient požádal o člověka/);
    expect(cardText).toMatch(/Čeká\s+0 minut/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'staff-queue.png'), fullPage: true });
  }, 30_000);

  it('books a callback for "zítra v 10" as 26. 11. 2026 10:00 Prague time, then marks it called back', async () => {
    now = NIGHT;
    await say('staff-callback', 'Chci mluvit s člověkem');
    await say('staff-callback', 'CZ-2024-10001');
    await say('staff-callback', 'ano');
    await say('staff-callback', 'zítra v 10');
    await say('staff-callback', '+420 601 123 456');
    const { activities } = await say('staff-callback', 'Limit na odběratele ACME');
    expect(activities.map((a) => a.text).join('\n').replace(/\u00A0/g, ' ')).toMatch(/termín: čtvrtek 26\. 11\. v 10:00 pražského času/);

    const card = page.locator('.ticket-card.status-callback');
    await card.waitFor(WAIT);
    await card.getByRole('link').first().click();
    const callback = page.locator('.callback');
    await callback.waitFor(WAIT);
    expect((await callback.innerText()).replace(/\u00A0/g, ' ')).toMatch(/Dohodnutý termín\s+26\. 11\. 2026 10:00/);
    expect(await callback.locator('time').first().getAttribute('datetime')).toBe('2026-11-26T09:00:00.000Z');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Zavoláno' }).click();
    await page.locator('.called-back').waitFor(WAIT);
    const [ticket] = (await app.app.internals.handoffStore.list({ statuses: ['callback'] })).filter((t) => t.conversationId === 'staff-callback');
    expect(ticket?.callback?.calledBackAt).toBe(NIGHT.toISOString());
    expect(ticket?.callback?.attempts?.map((a) => a.outcome)).toEqual(['called_back']);
  }, 30_000);

  it('had no script errors and no Content Security Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
