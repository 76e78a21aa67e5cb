import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, hasBrowser } from '../helpers/browser.js';
import { startBotCluster, type BotCluster } from '../helpers/botCluster.js';
import { postgresSkipReason } from '../helpers/postgres.js';

/**
 * Issue #21 in Chromium: three bot processes on one PostgreSQL behind a round-robin balancer
 * (every request and WebSocket to the next instance, no sticky sessions). A visitor chats through
 * Web Chat (an answer with its citation, a report card), the instance holding the page's
 * WebSocket is SIGKILLed and restarted mid-conversation, the visitor asks for a person, a manager
 * signs in to /staff, accepts and replies, the visitor answers. The socket reconnects and resumes
 * from its watermark: nothing lost, nothing shown twice.
 */
const skip = postgresSkipReason();
const WAIT = { timeout: 30_000 };
const ARTIFACTS = path.resolve('test-artifacts');
// The children run at Wednesday 25 November 2026, 10:00 in Prague (managers at work), and on from there.
const WORKING = Date.parse('2026-11-25T09:00:00Z');

const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
const transcript = (page: Page) => page.locator('.webchat__basic-transcript__transcript');
const bubble = (page: Page, text: string) => transcript(page).locator('.webchat__bubble__content').filter({ hasText: text });
const botBubbles = (page: Page) => transcript(page).locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');
const storedSession = async (page: Page) => JSON.parse(await page.evaluate<string>("sessionStorage.getItem('atradius.support-chat.session')")) as { conversationId: string; token: string };

async function ask(page: Page, text: string): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

describe.runIf(hasBrowser && !skip)('the website and the staff workspace on three instances behind a round-robin balancer', () => {
  let cluster: BotCluster;
  let browser: BrowserSession;
  let client: Page;
  let staff: Page;

  beforeAll(async () => {
    cluster = await startBotCluster(3, { TEST_CLOCK_OFFSET_MS: String(WORKING - Date.now()) }, { imports: [path.resolve('test/helpers/shiftedClock.ts')] });
    browser = await BrowserSession.launch();
    client = await browser.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await cluster?.close();
  });

  it('chats, survives the WebSocket instance being killed, hands off to a manager who signs in and replies; nothing lost or doubled', async () => {
    const { proxy } = cluster;
    await client.goto(`${proxy.url}/?lang=en`);
    await bubble(client, 'Hello, I am the virtual assistant').waitFor(WAIT);

    // An answer with its citation.
    await ask(client, 'Who can help me use Atradius Insights?');
    const answer = botBubbles(client).filter({ hasText: 'customer-service manager' });
    await answer.waitFor(WAIT);
    await answer.locator('button.webchat__render-markdown__citation').first().waitFor(WAIT);

    // A report: the policy number, then the buyer's card form.
    await ask(client, 'I want to file a claim');
    await botBubbles(client).filter({ hasText: 'What is your policy number' }).last().waitFor(WAIT);
    await ask(client, 'CZ-2024-10001');
    await transcript(client).locator('.ac-adaptiveCard').last().waitFor(WAIT);

    // SIGKILL the instance holding the page's WebSocket; it restarts while the conversation goes on.
    await expect.poll(() => proxy.socketBackends().length, WAIT).toBeGreaterThan(0);
    const holder = proxy.socketBackends()[0]!;
    const upgradesBefore = proxy.upgrades;
    const restarted = cluster.crashAndRestart(cluster.bots.findIndex((b) => b.url === holder));
    // Web Chat notices the dropped socket and reconnects through the balancer, from its watermark.
    await expect.poll(() => proxy.upgrades, WAIT).toBeGreaterThan(upgradesBefore);

    // The manager signs in (each request to the next instance: the session is shared) and waits on the live queue.
    staff = await browser.context.newPage();
    await staff.goto(`${proxy.url}/staff?lang=en`);
    await staff.getByLabel('Staff id').fill('jana.novakova');
    await staff.getByLabel('Password').fill('demo-jana');
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Open handoffs and callbacks' }).waitFor(WAIT);
    await staff.locator('#live-state', { hasText: 'Live: the list updates by itself.' }).waitFor(WAIT);
    await staff.evaluate('window.__notReloaded = true');

    await ask(client, 'I want to talk to a person');
    const waiting = client.locator('#handoff-waiting');
    const policyAgain = botBubbles(client).filter({ hasText: 'policy number' });
    const policyQuestions = await policyAgain.count();
    await expect
      .poll(async () => (await waiting.isVisible()) || (await policyAgain.count()) > policyQuestions, WAIT)
      .toBe(true);
    if (!(await waiting.isVisible())) await ask(client, 'CZ-2024-10001');
    await expect.poll(() => waiting.isVisible(), WAIT).toBe(true);
    await restarted;

    // The ticket appears in the queue without a reload, whichever instance ran the client's turn, and is accepted.
    const card = staff.locator('.ticket-card.status-waiting').first();
    await card.waitFor(WAIT);
    expect(await staff.evaluate('window.__notReloaded')).toBe(true);
    await card.getByRole('link').first().click();
    await staff.getByRole('button', { name: 'Accept' }).click();
    await staff.locator('#reply-text').waitFor(WAIT);
    await transcript(client).locator('.handoff-event-joined').waitFor(WAIT);

    // Manager and client exchange messages.
    await staff.locator('#reply-text').fill('Good morning, I have your claim in front of me.');
    await staff.getByRole('button', { name: 'Send' }).click();
    const managerMessage = transcript(client).locator('.handoff-message').filter({ hasText: 'Good morning, I have your claim in front of me.' });
    await managerMessage.waitFor(WAIT);
    await ask(client, 'Thank you, the buyer is ACME s.r.o.');
    await expect
      .poll(async () => {
        await staff.reload();
        return staff.getByText('Thank you, the buyer is ACME s.r.o.').count();
      }, WAIT)
      .toBeGreaterThan(0);
    // The staff page's requests went round the instances, and the session held on every one.
    expect(await staff.getByRole('button', { name: 'Sign out' }).count()).toBeGreaterThan(0);

    // Nothing shown twice on the page, and the history has each activity once, in order.
    await expect.poll(() => managerMessage.count(), WAIT).toBe(1);
    expect(await answer.count()).toBe(1);
    expect(await bubble(client, 'Thank you, the buyer is ACME s.r.o.').count()).toBe(1);
    expect(await bubble(client, 'I want to talk to a person').count()).toBe(1);
    const session = await storedSession(client);
    const res = await fetch(`${proxy.url}/v3/directline/conversations/${session.conversationId}/activities`, { headers: { authorization: `Bearer ${session.token}` } });
    const { activities } = (await res.json()) as { activities: { id: string; text?: string; from: { role?: string } }[] };
    const sequences = activities.map((a) => Number(a.id.split('|')[1]));
    expect(sequences).toEqual([...new Set(sequences)].sort((x, y) => x - y));
    for (const text of ['Who can help me use Atradius Insights?', 'I want to file a claim', 'I want to talk to a person', 'Thank you, the buyer is ACME s.r.o.']) {
      expect(activities.filter((a) => a.from.role !== 'bot' && a.text === text), text).toHaveLength(1);
    }
    expect(activities.filter((a) => a.text?.includes('Good morning, I have your claim in front of me.'))).toHaveLength(1);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await client.screenshot({ path: path.join(ARTIFACTS, 'cluster-webchat-handoff.png'), fullPage: true });
    expect(browser.problems.filter((p) => !/WebSocket|ERR_CONNECTION|502|Failed to load resource/.test(p))).toEqual([]);
  }, 240_000);
});
