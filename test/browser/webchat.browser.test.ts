import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { seriousAxeViolations } from '../helpers/axe.js';
import { BrowserSession, browserRequired, CHROMIUM, hasBrowser } from '../helpers/browser.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fakeOpenAI.js';
import { references, stubBot } from '../channels/webchat/helpers/stubBot.js';
import { startWebChannelHarness, type WebChannelHarness } from '../channels/webchat/helpers/webChannelHarness.js';

const ARTIFACTS = path.resolve('test-artifacts');
const WAIT = { timeout: 20_000 };

// The chat page in Debian's Chromium, driven by playwright-core. Nothing leaves 127.0.0.1: the
// page, Web Chat's bundle and the Direct Line all come from the bot under test.

// Declared only when it applies, so that a run with Chromium reports no skipped test.
if (!hasBrowser && browserRequired) {
  describe('browser tests (REQUIRE_BROWSER=1)', () => {
    it(`needs Chromium at ${CHROMIUM}`, () => {
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    });
  });
}

const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
// Scoped to the visible transcript: Web Chat repeats messages in a live region for screen readers.
const transcript = (page: Page) => page.locator('.webchat__basic-transcript__transcript');
const bubble = (page: Page, text: string) => transcript(page).locator('.webchat__bubble__content').filter({ hasText: text });
const botBubbles = (page: Page) => transcript(page).locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');
const citationMarker = 'button.webchat__render-markdown__citation';

const pageLanguage = (page: Page) => page.evaluate<string>('document.documentElement.lang');
/** The conversation the page keeps in sessionStorage. */
const storedSession = async (page: Page) =>
  JSON.parse(await page.evaluate<string>("sessionStorage.getItem('atradius.support-chat.session')")) as { conversationId: string; token: string; started: boolean };

async function ask(page: Page, text: string): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe.runIf(hasBrowser)('the chat page with the real bot', () => {
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

  it('answers "Who can help me use Atradius Insights?" with a cited answer', async () => {
    await page.goto(`${bot.url}/?lang=en`);
    await expect.poll(() => pageLanguage(page)).toBe('en');
    await bubble(page, 'Hello, I am the virtual assistant').waitFor(WAIT);

    await ask(page, 'Who can help me use Atradius Insights?');
    const answer = botBubbles(page).filter({ hasText: 'customer-service manager' });
    await answer.waitFor(WAIT);
    // Web Chat's citation UI: the [1] marker as a button, and the reference list under the message.
    const marker = answer.locator(citationMarker);
    await marker.first().waitFor(WAIT);
    await expect.poll(() => answer.locator('.webchat__link-definitions').innerText()).toMatch(/Atrium and Insights/);

    await marker.first().click();
    const dialog = page.locator('.webchat__citation-modal-dialog');
    await dialog.waitFor(WAIT);
    await expect.poll(() => dialog.innerText()).toMatch(/Your customer-service manager gives you guidance/);
    await screenshot(page, 'webchat-cited-answer');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', ...WAIT });
  }, 60_000);

  it('shows the earlier messages after a reload (same conversation, resumed)', async () => {
    const before = await storedSession(page);
    await page.reload();
    await bubble(page, 'Who can help me use Atradius Insights?').waitFor(WAIT);
    await botBubbles(page).filter({ hasText: 'customer-service manager' }).locator(citationMarker).first().waitFor(WAIT);
    // Resumed, not restarted: one welcome only, the same conversation id.
    expect(await bubble(page, 'Hello, I am the virtual assistant').count()).toBe(1);
    const after = await storedSession(page);
    expect(after.conversationId).toBe(before.conversationId);
    expect(after.started).toBe(true);
    await screenshot(page, 'webchat-after-reload');
  }, 60_000);

  it('switches to Czech: page and Web Chat texts change, messages carry cs-CZ, the bot answers in Czech', async () => {
    await page.getByRole('button', { name: 'Čeština' }).click();
    await expect.poll(() => pageLanguage(page)).toBe('cs');
    expect(await page.getByRole('button', { name: 'Čeština' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#new-conversation').innerText()).toBe('Nová konverzace');
    await expect.poll(() => sendBox(page).getAttribute('placeholder')).toBe('Zadejte svou zprávu');

    const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/activities'));
    await ask(page, 'Jak mám nahlásit škodnou událost?');
    expect((await posted).postDataJSON()).toMatchObject({ type: 'message', locale: 'cs-CZ', text: 'Jak mám nahlásit škodnou událost?' });
    const answer = botBubbles(page).filter({ has: page.locator(citationMarker) }).last();
    await expect.poll(() => answer.innerText(), WAIT).toMatch(/škod/i);
    // The earlier English exchange is still there: same conversation, new language.
    expect(await bubble(page, 'Who can help me use Atradius Insights?').count()).toBe(1);
    await screenshot(page, 'webchat-czech');
  }, 60_000);

  it('starts a new conversation on request', async () => {
    const before = await storedSession(page);
    await page.locator('#new-conversation').click();
    await bubble(page, 'Dobrý den').waitFor(WAIT);
    await expect.poll(() => bubble(page, 'Who can help me use Atradius Insights?').count()).toBe(0);
    await expect.poll(() => page.locator('#status').innerText()).toBe('Začala nová konverzace.');
    const after = await storedSession(page);
    expect(after.conversationId).not.toBe(before.conversationId);
    await screenshot(page, 'webchat-new-conversation');
  }, 60_000);

  it('works over polling when WebSockets are not available', async () => {
    const polling = await browser.context.newPage();
    const sockets: string[] = [];
    polling.on('websocket', (socket) => sockets.push(socket.url()));
    try {
      await polling.goto(`${bot.url}/?lang=en&transport=polling`);
      await bubble(polling, 'Hello, I am the virtual assistant').waitFor(WAIT);
      await ask(polling, 'Who can help me use Atradius Insights?');
      await botBubbles(polling).filter({ hasText: 'customer-service manager' }).locator(citationMarker).first().waitFor(WAIT);
      expect(sockets).toEqual([]);
    } finally {
      await polling.close();
    }
  }, 60_000);

  it('had no script errors and no Content Security Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});

describe.runIf(hasBrowser)('the chat page with a stub bot (cards, suggested actions, typing, proactive messages)', () => {
  let harness: WebChannelHarness;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    harness = await startWebChannelHarness(stubBot);
    browser = await BrowserSession.launch();
    page = await browser.newPage();
    await page.goto(`${harness.url}/?lang=en`);
    await bubble(page, 'welcome').waitFor(WAIT);
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('renders suggested actions and an Adaptive Card, and sends their answers back', async () => {
    await ask(page, 'cards');
    await page.locator('.ac-adaptiveCard').getByText('Report a claim').waitFor(WAIT);
    const suggestedActions = page.locator('.webchat__suggested-actions__button');
    await suggestedActions.filter({ hasText: 'Overdue invoice' }).waitFor(WAIT);
    await screenshot(page, 'webchat-cards');

    await suggestedActions.filter({ hasText: 'Claims' }).click();
    await bubble(page, 'You said: Claims').waitFor(WAIT);
    await page.locator('.ac-adaptiveCard').getByRole('button', { name: 'Start' }).click();
    await bubble(page, 'Card submitted').waitFor(WAIT);
  }, 60_000);

  it('shows the typing indicator', async () => {
    await ask(page, 'typing');
    await page.locator('.webchat__typing-indicator').waitFor(WAIT);
  }, 60_000);

  it('shows a message the bot sends later, on its own (a manager relayed during a handoff)', async () => {
    const { conversationId } = await storedSession(page);
    await harness.adapter.continueConversationAsync('', references.get(conversationId)!, async (context) => {
      await context.sendActivity('Jana Nováková (your manager): Good morning, how can I help?');
    });
    await bubble(page, 'Jana Nováková (your manager): Good morning, how can I help?').waitFor(WAIT);
    await screenshot(page, 'webchat-proactive');
  }, 60_000);

  it('had no script errors and no Content Security Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});

describe.runIf(hasBrowser)('reports and handoff on the chat page (real bot, working hours)', () => {
  let bot: RunningApp;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    // Wednesday 10:00 in Prague: the managers are at work.
    bot = await startTestApp({}, { clock: { now: () => new Date('2026-11-25T09:00:00Z') } });
    await bot.app.knowledge;
    browser = await BrowserSession.launch();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  /** Types an answer and waits for the bot's next question. */
  async function answer(text: string, next: string): Promise<void> {
    await ask(page, text);
    await botBubbles(page).filter({ hasText: next }).last().waitFor(WAIT);
  }

  it('files a claim report through the dialog, with the summary card, and shows its reference number', async () => {
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
    await answer('no', 'insolvency papers');
    await answer('done', 'Who should we contact');
    await answer('Jan Novák', 'e-mail address or phone number');
    await ask(page, 'jan@acme.cz');
    // The summary arrives as an Adaptive Card with Confirm / Change a detail / Cancel.
    const confirm = page.locator('.ac-adaptiveCard button', { hasText: 'Confirm' }).last();
    await confirm.waitFor(WAIT);
    await screenshot(page, 'webchat-claim-summary');
    await confirm.click();
    // The used card's buttons are disabled (#17 defect 12).
    await expect.poll(() => confirm.isDisabled(), WAIT).toBe(true);
    expect(await page.locator('.ac-adaptiveCard button', { hasText: 'Cancel' }).last().isDisabled()).toBe(true);
    const filed = botBubbles(page).filter({ hasText: /filed under reference:\s*CLM-/ }).last();
    await filed.waitFor(WAIT);
    const reference = /CLM-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(await filed.innerText())![0];
    expect(await bot.app.internals.cases.getCase(reference)).toMatchObject({ kind: 'claim', channelId: 'directline' });
    await screenshot(page, 'webchat-claim-filed');
  }, 180_000);

  it('files a Czech claim with Czech dates, shown as dates (not numbered lists) on the card and in the case status (#17 defect 1)', async () => {
    const czech = await browser.newPage();
    await czech.goto(`${bot.url}/?lang=cs`);
    await bubble(czech, 'Dobrý den').waitFor(WAIT);
    const say = async (text: string) => {
      const before = await botBubbles(czech).count();
      await ask(czech, text);
      await expect.poll(() => botBubbles(czech).count(), WAIT).toBeGreaterThan(before);
    };
    for (const text of ['Chci nahlásit škodnou událost', 'CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358', 'přeskočit', 'F-1', '1. 9. 2026', '1. 10. 2026', '20 000 Kč', 'vše', 'ne', 'ne', 'dvě upomínky', 'ne', 'insolvence', 'ne', 'hotovo', 'Jan Novák']) await say(text);
    await ask(czech, 'jan@acme.cz');
    const confirm = czech.locator('.ac-adaptiveCard button', { hasText: 'Potvrdit' }).last();
    await confirm.waitFor(WAIT);
    const card = czech.locator('.ac-adaptiveCard').last();
    const cardText = (await card.innerText()).replace(/\u00A0/g, ' ');
    expect(cardText).toContain('1. 9. 2026');
    expect(cardText).toContain('1. 10. 2026');
    expect(await card.locator('ol, ul').count()).toBe(0);
    await screenshot(czech, 'webchat-claim-summary-cs');
    await confirm.click();
    const filed = botBubbles(czech).filter({ hasText: /podáno pod číslem:\s*CLM-/ }).last();
    await filed.waitFor(WAIT);
    const reference = /CLM-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(await filed.innerText())![0];
    await ask(czech, `Jaký je stav ${reference}?`);
    const status = botBubbles(czech).filter({ hasText: `Případ ${reference}` }).last();
    await status.waitFor(WAIT);
    // Filed on 25 November 2026 (the test clock): the history line reads as that date.
    expect((await status.innerText()).replace(/\u00A0/g, ' ')).toMatch(/25\. 11\. 2026: podáno/);
    expect(await status.locator('ol').count()).toBe(0);
    await screenshot(czech, 'webchat-claim-status-cs');
    await czech.close();
  }, 180_000);

  it('"ask for a person" hands the conversation to customer service (an unverified visitor is not told the manager\'s name), whose reply appears on the page', async () => {
    await answer('I want to talk to a person', 'policy number');
    await answer('CZ-2024-10001', 'our customer-service team');
    const [ticket] = await bot.app.internals.handoff.listFor({ id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] }, ['waiting']);
    expect(ticket).toBeDefined();
    const jana = { id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] };
    // Waiting: a banner says the team has been notified and since when, with a connecting indicator (#19).
    const waiting = page.locator('#handoff-waiting');
    await expect.poll(() => waiting.isVisible(), WAIT).toBe(true);
    expect(await waiting.innerText()).toMatch(/^Our customer-service team has been notified\. Waiting since \d{1,2}:\d{2}/);
    expect(await waiting.locator('.handoff-spinner').count()).toBe(1);
    // A message sent meanwhile is acknowledged as passed on.
    await ask(page, 'Are you there?');
    await transcript(page).locator('.handoff-event', { hasText: 'Passed on: the customer-service team will read it on joining.' }).last().waitFor(WAIT);
    await screenshot(page, 'webchat-handoff-waiting');

    await bot.app.internals.handoff.accept(ticket!.id, jana);
    // "joined" is an event line, not a bot bubble; the banner goes and the live region announces it.
    const joined = transcript(page).locator('.handoff-event-joined', { hasText: 'A colleague from customer service has joined the conversation.' });
    await joined.waitFor(WAIT);
    expect(await bubble(page, 'has joined the conversation').count()).toBe(0);
    await expect.poll(() => waiting.isVisible(), WAIT).toBe(false);
    await expect.poll(() => page.locator('#status').innerText(), WAIT).toBe('A colleague from customer service has joined the conversation.');

    await bot.app.internals.handoff.managerMessage(ticket!.id, jana, 'Good morning, I have your claim in front of me.');
    // The manager's message comes as a person: their name above it, initials instead of the bot's avatar, no "Name:" prefix.
    const message = transcript(page).locator('.handoff-message').filter({ hasText: 'Good morning, I have your claim in front of me.' });
    await message.waitFor(WAIT);
    expect(await message.locator('.handoff-author').innerText()).toBe('Customer service');
    expect(await message.locator('.handoff-avatar').innerText()).toBe('CS');
    expect(await bubble(page, 'Customer service: Good morning').count()).toBe(0);
    await screenshot(page, 'webchat-handoff');
  }, 120_000);

  it('had no script errors and no Content Security Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});

describe.runIf(hasBrowser)('LLM answers livestreamed into Web Chat (fake OpenAI-compatible server)', () => {
  let fake: FakeOpenAI;
  let bot: RunningApp;
  let browser: BrowserSession;
  let page: Page;
  const ANSWER = 'Your customer-service manager gives you guidance and support with access to and use of Atradius Atrium and Atradius Insights, and can arrange access for your colleagues [1].';

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.onChat = (name) => (name === 'grounded_answer' || name === '' ? { arguments: { answer: ANSWER, citations: [1] }, chunkDelayMs: 60 } : { status: 500 });
    bot = await startTestApp({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: fake.baseURL, OPENAI_MAX_RETRIES: '0' });
    await bot.app.knowledge;
    browser = await BrowserSession.launch();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await fake?.close();
  });

  it('shows the answer growing as it is written, then the final cited message', async () => {
    await page.goto(`${bot.url}/?lang=en`);
    await bubble(page, 'Hello, I am the virtual assistant').waitFor(WAIT);
    await ask(page, 'Who can help me use Atradius Insights?');
    // An interim bubble with only the beginning of the answer appears first...
    await botBubbles(page).filter({ hasText: 'Your customer-service manager' }).first().waitFor(WAIT);
    const early = await botBubbles(page).filter({ hasText: 'Your customer-service manager' }).last().innerText();
    expect(early.length).toBeLessThan(ANSWER.length);
    // ...and the final message replaces it, with its citation.
    const final = botBubbles(page).filter({ hasText: 'arrange access for your colleagues' }).last();
    await final.waitFor(WAIT);
    await final.locator(citationMarker).first().waitFor(WAIT);
    await screenshot(page, 'webchat-livestream');
  }, 60_000);

  it('had no script errors and no Content Security Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});

describe.runIf(hasBrowser)('out of hours on a Czech public holiday, and accessibility of the chat page (#19)', () => {
  let bot: RunningApp;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    // Thursday 24 December 2026, 10:00 in Prague: a working day by the weekly hours, but Christmas Eve.
    bot = await startTestApp({}, { clock: { now: () => new Date('2026-12-24T09:00:00Z') } });
    await bot.app.knowledge;
    browser = await BrowserSession.launch();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('has no serious or critical axe-core violations (WCAG 2.x A/AA) on the chat page', async () => {
    await page.goto(`${bot.url}/?lang=en`);
    await bubble(page, 'Hello, I am the virtual assistant').waitFor(WAIT);
    expect(await seriousAxeViolations(page)).toEqual([]);
  }, 30_000);

  it('treats a handoff on 24 December as out of hours and names the next working day, with callback buttons', async () => {
    await ask(page, 'I want to talk to a person');
    await botBubbles(page).filter({ hasText: 'policy number' }).last().waitFor(WAIT);
    await ask(page, 'CZ-2024-10001');
    const reply = botBubbles(page).filter({ hasText: 'public holiday' }).last();
    await reply.waitFor(WAIT);
    expect(await reply.innerText()).toBe('Today is a public holiday (Christmas Eve). The Czech branch customer-service team is not at work right now and will be back on Monday 28 December at 08:00 Prague time.');
    // The callback is offered with buttons, not a phrase to type.
    await page.locator('.webchat__suggested-actions__button', { hasText: 'Yes' }).last().waitFor(WAIT);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'webchat-out-of-hours-holiday');
  }, 30_000);

  it('had no script errors and no Content Security Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
