import type { Clock } from '../../platform/clock.js';
import { startTestApp, type RunningApp } from './app.js';
import { pointBotFrameworkMetadataAt, startTestTokenIssuer, TestBotCredentials, type TestTokenIssuer } from './jwt.js';

/** The bot's Microsoft app id in verified-mode tests (the audience of the channel tokens). */
export const TEST_APP_ID = '00000000-0000-4000-8000-0000000000b0';

/** Token issuers of the running verified test bots, by bot URL. */
const issuers = new Map<string, TestTokenIssuer>();

/**
 * The whole bot as the Bot Framework channels (Teams, Azure Direct Line) talk to it:
 * MicrosoftAppId set, every activity's JWT validated against a loopback issuer (jwt.ts),
 * replies signed with a test token. channelAuthorization(url, activity) signs for it.
 */
export async function startVerifiedTestApp(env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<RunningApp> {
  const issuer = await startTestTokenIssuer();
  const restore = pointBotFrameworkMetadataAt(issuer.metadataUrl);
  let bot: RunningApp;
  try {
    bot = await startTestApp({ MicrosoftAppId: TEST_APP_ID, MicrosoftAppPassword: 'test-secret', ...env }, { ...options, botCredentials: new TestBotCredentials(TEST_APP_ID) });
  } catch (error) {
    await issuer.close();
    throw error;
  } finally {
    restore();
  }
  issuers.set(bot.url, issuer);
  return {
    ...bot,
    async stop() {
      issuers.delete(bot.url);
      await bot.stop();
      await issuer.close();
    },
  };
}

/**
 * The Authorization header a Bot Framework channel would send with `activity` to the verified
 * test bot at `url` (a channel token for the activity's serviceUrl); none for any other bot.
 */
export async function channelAuthorization(url: string, activity: unknown): Promise<Record<string, string>> {
  const issuer = issuers.get(url);
  const serviceUrl = (activity as { serviceUrl?: unknown } | undefined)?.serviceUrl;
  if (!issuer || typeof serviceUrl !== 'string') return {};
  return { authorization: `Bearer ${await issuer.mint(TEST_APP_ID, serviceUrl)}` };
}
