import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUrlMatcher } from '../../../channels/api/serviceUrl.js';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../../helpers/app.js';
import { startChannelReceiver } from '../../helpers/channelReceiver.js';

describe('serviceUrlMatcher', () => {
  const allowed = serviceUrlMatcher('https://*.botframework.com/, https://smba.trafficmanager.net/');
  it.each([
    ['https://europe.botframework.com/', true],
    ['https://smba.trafficmanager.net/emea/', true],
    ['https://evil.example.com/?x=https://europe.botframework.com/', false],
    ['https://europe.botframework.com.evil.net/', false],
    ['http://127.0.0.1:9/', false],
    // Found by the attack review: `*` used to match "?", "#" and ":" too.
    ['https://127.0.0.1:8443#.botframework.com/', false],
    ['https://127.0.0.1:8443/?.botframework.com/', false],
    ['https://user@evil.example#@europe.botframework.com/', false],
    ['https://evil.example:443@europe.botframework.com/', false],
    ['https://a.b.botframework.com/', false],
    ['http://europe.botframework.com/', false],
    ['HTTPS://Europe.BotFramework.com/', true],
    ['not a url', false],
  ])('%s → %s', (url, ok) => expect(allowed(url)).toBe(ok));
  it('allows everything when empty', () => expect(serviceUrlMatcher('')('http://anything/')).toBe(true));
});

describe('SERVICE_URL_ALLOWLIST on /api/messages', () => {
  let bot: RunningApp;
  let receiver: Awaited<ReturnType<typeof startChannelReceiver>>;
  beforeAll(async () => {
    receiver = await startChannelReceiver();
    bot = await startTestApp({ SERVICE_URL_ALLOWLIST: 'https://*.botframework.com/' });
  });
  afterAll(async () => {
    await bot.stop();
    await receiver.close();
  });

  it('refuses an activity whose serviceUrl is not allowed, and never calls it', async () => {
    const activity = messageActivity('How do I report a claim?', { serviceUrl: receiver.url, deliveryMode: 'normal' });
    const { status } = await postActivity(bot.url, activity);
    expect(status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(0);
  });
});
