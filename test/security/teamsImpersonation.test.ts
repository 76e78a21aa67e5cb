import { TurnContext, type Activity } from 'botbuilder';
import { ClaimsIdentity } from 'botframework-connector';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isVerifiedTeamsTurn } from '../../bot/channelHooks.js';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { JANA, post, startTeamsBot, startTeamsReceiver, teamsInstall, teamsMessage, type TeamsReceiver } from '../channels/teams/teamsHelpers.js';

// Exploit: an anonymous POST with channelId "msteams", from.id = a manager's Teams id and the
// attacker's serviceUrl made the bot store the attacker as that manager's chat, so handoff cards
// (client, policy, IČO) went to the attacker, who could accept tickets and chat as the manager.

const opened: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.stop();
});

async function attackerReceiver(): Promise<TeamsReceiver> {
  const receiver = await startTeamsReceiver();
  opened.push({ stop: () => receiver.close() });
  return receiver;
}

function staffChats(bot: RunningApp): unknown[] {
  return bot.app.internals.stores.sqlite!.prepare('SELECT staff_id FROM staff_conversations').all();
}

/** Installs the app "as Jana" and writes to the bot, from the attacker's serviceUrl. */
async function impersonateJana(bot: RunningApp, receiver: TeamsReceiver, options: { unsigned?: boolean } = {}): Promise<number[]> {
  const where = { serviceUrl: receiver.url, conversationId: 'a:attacker-chat', from: JANA };
  const statuses: number[] = [];
  for (const activity of [...teamsInstall(where), teamsMessage('ahoj', where)]) statuses.push((await post(bot.url, activity, options)).status);
  return statuses;
}

describe('manager impersonation through an unsigned Teams activity', () => {
  it('default configuration (no MicrosoftAppId, no opt-in): /api/messages refuses every activity with 401, nothing stored, nothing sent', async () => {
    const bot = await startTestApp({ DEV_ALLOW_ANONYMOUS_MESSAGES: 'false' });
    opened.push(bot);
    const receiver = await attackerReceiver();
    expect(await impersonateJana(bot, receiver)).toEqual([401, 401, 401]);
    // Not the Teams channel only: nothing unsigned gets in.
    const emulator = await post(bot.url, { type: 'message', id: 'e1', text: 'ahoj', channelId: 'emulator', serviceUrl: receiver.url, conversation: { id: 'e' }, from: { id: 'u' }, recipient: { id: 'b' } });
    expect(emulator.status).toBe(401);
    expect(emulator.text).toMatch(/MicrosoftAppId/);
    expect(staffChats(bot)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.calls).toEqual([]);
  });

  it('development opt-in (DEV_ALLOW_ANONYMOUS_MESSAGES): Teams and website identities are still refused (403), nothing stored, nothing sent', async () => {
    const bot = await startTestApp({ DEV_ALLOW_ANONYMOUS_MESSAGES: 'true' });
    opened.push(bot);
    const receiver = await attackerReceiver();
    expect(await impersonateJana(bot, receiver)).toEqual([403, 403, 403]);
    for (const channelId of ['directline', 'webchat', 'MSTeams']) {
      const { status } = await post(bot.url, { type: 'message', id: `w-${channelId}`, text: 'ahoj', channelId, serviceUrl: receiver.url, conversation: { id: 'w' }, from: { id: 'u' }, recipient: { id: 'b' } });
      expect(status).toBe(403);
    }
    expect(staffChats(bot)).toEqual([]);
    expect(receiver.calls).toEqual([]);
  });

  it('with MicrosoftAppId set: an unsigned activity as Jana gets 401; only a signed one is stored as her chat', async () => {
    const bot = await startTeamsBot();
    opened.push(bot);
    const receiver = await attackerReceiver();
    // (The SDK prints each refused token with console.error; the statuses say what matters.)
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await impersonateJana(bot, receiver, { unsigned: true })).toEqual([401, 401, 401]);
    } finally {
      quiet.mockRestore();
    }
    expect(staffChats(bot)).toEqual([]);
    expect(receiver.calls).toEqual([]);
    // The same activities signed by the (loopback) Bot Framework: Jana's chat is recorded.
    expect(await impersonateJana(bot, receiver)).toEqual([200, 200, 200]);
    expect(staffChats(bot)).toEqual([{ staff_id: 'jana.novakova' }]);
  });
});

describe('the Teams hooks trust only a validated token (defence behind the route)', () => {
  const teamsActivity = { type: 'message', channelId: 'msteams', conversation: { id: 'c' }, from: JANA } as Partial<Activity>;
  function turnWith(identity: ClaimsIdentity | undefined): TurnContext {
    const identityKey = Symbol('BotIdentity');
    const context = new TurnContext({ BotIdentityKey: identityKey } as never, teamsActivity);
    if (identity) context.turnState.set(identityKey, identity);
    return context;
  }

  it('an anonymous identity (no claims), or none, is not a Teams user', () => {
    expect(isVerifiedTeamsTurn(turnWith(new ClaimsIdentity([], 'anonymous')))).toBe(false);
    expect(isVerifiedTeamsTurn(turnWith(undefined))).toBe(false);
  });

  it('a validated channel identity is', () => {
    expect(isVerifiedTeamsTurn(turnWith(new ClaimsIdentity([{ type: 'iss', value: 'https://api.botframework.com' }, { type: 'aud', value: 'app' }], true)))).toBe(true);
  });
});
