import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, tempDir } from '../helpers/app.js';
import { startChannelReceiver } from '../helpers/channelReceiver.js';

// The staff page in Debian's Chromium (skipped without it, like test/browser): the real forms,
// the CSP (any violation fails the test) and the polling script. Nothing leaves 127.0.0.1.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WAIT = { timeout: 20_000 };
const hasBrowser = fs.existsSync(CHROMIUM);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.runIf(hasBrowser)('the staff page in a browser', () => {
  it('signs in, accepts, shows a new client message without reload, replies and ends', async () => {
    const now = new Date('2026-11-25T09:00:00Z');
    const receiver = await startChannelReceiver();
    const app = await startTestApp({}, { clock: { now: () => now } });
    cleanups.push(() => receiver.close(), () => app.stop());
    const say = (text: string) => postActivity(app.url, messageActivity(text, { conversation: { id: 'staff-browser' }, from: { id: 'client-b' }, serviceUrl: receiver.url }));
    await say('I want to talk to a person');
    await say('CZ-2024-10001');
    const [ticket] = await app.app.internals.handoff.listFor({ id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] }, ['waiting']);
    const id = ticket!.id;

    const profile = tempDir('chromium-staff-');
    const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, locale: 'en-US' });
    cleanups.push(async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    });
    const problems: string[] = [];
    await context.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.effectiveDirective + ' ' + e.blockedURI));" });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });

    // A link to the ticket leads through the sign-in and back to the ticket.
    await page.goto(`${app.url}/staff/handoffs/${id}`);
    await page.getByLabel('Staff id').fill('jana.novakova');
    await page.getByLabel('Password').fill('demo-jana');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: `Handoff ${id}` }).waitFor(WAIT);

    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByLabel('Reply to the client').waitFor(WAIT);
    await receiver.waitFor((r) => r.activity.text === 'A colleague from customer service has joined the conversation.');

    // The client writes; the page script shows it without a reload.
    await say('Hello from the client <i>today</i>');
    await page.locator('#relay-messages').getByText('Hello from the client <i>today</i>').waitFor(WAIT);

    await page.getByLabel('Reply to the client').fill('Hello, this is Jana.');
    await page.getByRole('button', { name: 'Send' }).click();
    await receiver.waitFor((r) => r.activity.text === 'Customer service: Hello, this is Jana.');
    await page.locator('#relay-messages').getByText('Hello, this is Jana.').waitFor(WAIT);

    fs.mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: path.join('test-artifacts', 'staff-ticket.png'), fullPage: true });

    // Ending asks first (the page script); the answer is yes.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'End the conversation' }).click();
    await page.getByText('This handoff has ended.').waitFor(WAIT);
    expect((await app.app.internals.handoffStore.get(id))!.status).toBe('ended');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to the staff workspace' }).waitFor(WAIT);
    expect(problems).toEqual([]);
  });
});
