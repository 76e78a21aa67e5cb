import { afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../helpers/app.js';
import { startTeamsBot, JANA, TENANT, post, startTeamsReceiver, teamsCardAction, teamsInstall, teamsMessage, textsOf, type AdaptiveCard, type TeamsReceiver } from './teamsHelpers.js';

/** Wednesday 25 November 2026, 10:00 in Prague: Jana Nováková is at work. */
const WORKING = new Date('2026-11-25T09:00:00Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(env: Record<string, string> = {}): Promise<{ app: RunningApp; receiver: TeamsReceiver }> {
  const receiver = await startTeamsReceiver();
  // With the tenant restriction on, so the proactive turns (cards, relayed messages) pass it too.
  const app = await startTeamsBot({ PUBLIC_BASE_URL: 'https://bot.example.cz', ALLOWED_TENANTS: TENANT, ...env }, { clock: { now: () => WORKING } });
  cleanups.push(() => receiver.close(), () => app.stop());
  return { app, receiver };
}

const JANA_CHAT = 'a:jana-personal-chat';
const WEB_CLIENT = 'web-client-1';

/** A website client (Web Chat's channel id) talking through the same /api/messages, normal delivery. */
function webClient(app: RunningApp, receiver: TeamsReceiver, conversationId = WEB_CLIENT) {
  let n = 0;
  return async (text: string) => {
    const { status } = await post(app.url, { type: 'message', id: `${conversationId}-${++n}`, text, channelId: 'webchat', locale: 'cs-CZ', serviceUrl: receiver.url, conversation: { id: conversationId }, from: { id: 'client-user-1', name: 'Klient' }, recipient: { id: 'bot', name: 'Bot' } });
    expect(status).toBe(200);
  };
}

/** Jana in her personal chat with the bot in Teams. */
function jana(app: RunningApp, receiver: TeamsReceiver) {
  const where = { serviceUrl: receiver.url, conversationId: JANA_CHAT, from: JANA };
  return {
    install: async () => {
      for (const activity of teamsInstall(where)) expect((await post(app.url, activity)).status).toBe(200);
    },
    say: async (text: string) => expect((await post(app.url, teamsMessage(text, where))).status).toBe(200),
    click: async (verb: string, ticketId: string) => {
      const { status, body } = await post(app.url, teamsCardAction(verb, { handoffAction: verb.replace('handoff.', ''), ticketId }, where));
      expect(status).toBe(200);
      return body as { statusCode: number; type: string; value: unknown };
    },
  };
}

async function handoffCardFor(receiver: TeamsReceiver): Promise<{ card: AdaptiveCard; ticketId: string }> {
  const call = await receiver.waitFor((c) => c.conversationId === JANA_CHAT && !!c.activity.attachments?.length, 'the handoff card in Jana\'s chat');
  const card = call.activity.attachments![0]!.content;
  const accept = card.actions!.find((a) => a.verb === 'handoff.accept')!;
  return { card, ticketId: accept.data!.ticketId as string };
}

describe('Teams: handoff to a manager who installed the app', () => {
  it('stores the manager\'s chat on install and greets them once', async () => {
    const { app, receiver } = await setup();
    await jana(app, receiver).install();
    const greetings = receiver.messages(JANA_CHAT);
    expect(greetings).toHaveLength(1);
    expect(greetings[0]!.text).toMatch(/Dobrý den, Jana Nováková, budu vám sem předávat klienty/);
    const stored = app.app.internals.stores.sqlite!.prepare('SELECT staff_id, conversation_id, reference FROM staff_conversations').all() as { staff_id: string; conversation_id: string; reference: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ staff_id: 'jana.novakova', conversation_id: JANA_CHAT });
    // Not a reply to the install activity; the tenant kept for proactive turns.
    expect(JSON.parse(stored[0]!.reference)).toMatchObject({ channelId: 'msteams', serviceUrl: receiver.url, conversation: { tenantId: expect.any(String) } });
    expect(JSON.parse(stored[0]!.reference)).not.toHaveProperty('activityId');
  });

  it('sends the card, relays both ways between Jana in Teams and a website client, and ends on "konec"', async () => {
    const { app, receiver } = await setup();
    const manager = jana(app, receiver);
    await manager.install();
    const client = webClient(app, receiver);

    await client('Chci mluvit s člověkem');
    await client('CZ-2024-10001');
    expect(textsOf(receiver, WEB_CLIENT)).toMatch(/Předávám vás našemu zákaznickému servisu/);

    // The proactive card: client, policy, summary, Accept and Transcript.
    const { card, ticketId } = await handoffCardFor(receiver);
    expect(card.version).toBe('1.4');
    const facts = JSON.stringify(card.body);
    expect(facts).toContain('Strojírny Morava a.s.');
    expect(facts).toContain('CZ-2024-10001');
    expect(facts).toContain('Chci mluvit s člověkem');
    expect(card.actions!.map((a) => [a.type, a.title])).toEqual([
      ['Action.Execute', 'Převzít'],
      ['Action.Execute', 'Přepis'],
      ['Action.OpenUrl', 'Otevřít v pracovním prostoru'],
    ]);
    expect(card.actions![2]!.url).toBe(`https://bot.example.cz/staff/handoffs/${ticketId}`);

    // Before Jana accepts, the client's message waits in the queue.
    await client('Mám dotaz k faktuře 2024-118');

    const transcript = await manager.click('handoff.transcript', ticketId);
    expect(transcript).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Přepis je v chatu pod kartou.' });
    expect(textsOf(receiver, JANA_CHAT)).toMatch(/Přepis HO-[\s\S]*klient: Chci mluvit s člověkem/);

    const accepted = await manager.click('handoff.accept', ticketId);
    expect(accepted.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(accepted.value)).toContain('Spojeno');
    expect(((accepted.value as AdaptiveCard).actions ?? []).map((a) => a.verb)).toEqual(['handoff.transcript', 'handoff.end', undefined]);
    await receiver.waitFor((c) => c.conversationId === WEB_CLIENT && /Připojila se kolegyně ze zákaznického servisu\./.test(c.activity.text ?? ''), 'the client told Jana joined');
    // What the client wrote while waiting reaches Jana once she is connected.
    await receiver.waitFor((c) => c.conversationId === JANA_CHAT && c.activity.text === 'Strojírny Morava a.s.: Mám dotaz k faktuře 2024-118', 'the queued client message in Teams');

    // Jana → client: a plain message in her personal chat.
    const before = receiver.messages(JANA_CHAT).length;
    await manager.say('Dobrý den, podívám se na to.');
    const relayed = await receiver.waitFor((c) => c.conversationId === WEB_CLIENT && /podívám se na to/.test(c.activity.text ?? ''), 'Jana\'s message at the client');
    expect(relayed.activity.text).toBe('Zákaznický servis: Dobrý den, podívám se na to.');
    // The bot itself stays silent in Jana's chat (no answer, no "I don't know").
    expect(receiver.messages(JANA_CHAT)).toHaveLength(before);

    // Client → Jana: pushed into her Teams chat as it arrives.
    await client('Děkuji, faktura je z 12. 3.');
    await receiver.waitFor((c) => c.conversationId === JANA_CHAT && c.activity.text === 'Strojírny Morava a.s.: Děkuji, faktura je z 12. 3.', 'the client\'s message in Teams');

    // Both sides at once: each turn sends into the other's conversation; neither waits for the other.
    await Promise.all([client('Ještě jedna otázka'), manager.say('Ano, prosím?')]);
    await receiver.waitFor((c) => c.conversationId === JANA_CHAT && c.activity.text === 'Strojírny Morava a.s.: Ještě jedna otázka', 'the simultaneous client message');
    await receiver.waitFor((c) => c.conversationId === WEB_CLIENT && c.activity.text === 'Zákaznický servis: Ano, prosím?', 'the simultaneous manager message');

    await manager.say('konec');
    expect(textsOf(receiver, JANA_CHAT)).toMatch(/Rozhovor s klientem Strojírny Morava a\.s\. \(HO-[A-Z0-9]+\) skončil/);
    await receiver.waitFor((c) => c.conversationId === WEB_CLIENT && /Zákaznický servis rozhovor ukončil/.test(c.activity.text ?? ''), 'the client told the conversation ended');
    const ticket = await app.app.internals.handoffStore.get(ticketId);
    expect(ticket).toMatchObject({ status: 'ended', acceptedBy: 'jana.novakova' });
    const messages = await app.app.internals.handoffStore.messages(ticketId);
    expect(messages.filter((m) => m.direction === 'to_manager').every((m) => m.deliveredAt)).toBe(true);

    // "konec" again: nothing to end.
    await manager.say('konec');
    expect(receiver.messages(JANA_CHAT).at(-1)!.text).toBe('Právě nejste spojeni s žádným klientem.');
    // After the relay, Jana's messages are the bot's again.
    await manager.say('Jaké je telefonní číslo vaší centrály?');
    expect(receiver.messages(JANA_CHAT).at(-1)!.text).toMatch(/553 3355/);
  });

  it("a client's markdown reaches the manager literally: no spoofed link, list or bold in the card, transcript or relay", async () => {
    const { app, receiver } = await setup();
    const manager = jana(app, receiver);
    await manager.install();
    const client = webClient(app, receiver);
    const spoof = '[Ověřte přihlášení zde](https://evil.example/login) **URGENT**';
    await client(spoof);
    await client('Chci mluvit s člověkem');
    await client('CZ-2024-10001');
    const { card, ticketId } = await handoffCardFor(receiver);
    // The visitor typed the policy number: shown to the manager as not verified.
    expect(JSON.stringify(card.body)).toContain('neověřena: číslo smlouvy zadal návštěvník');
    const summary = card.body.map((b) => (b as { text?: string }).text ?? '').join('\n');
    expect(summary).toContain('\\[Ověřte přihlášení zde\\](https://evil.example/login) \\*\\*URGENT\\*\\*');
    expect(summary).not.toContain('[Ověřte přihlášení zde](');
    await manager.click('handoff.transcript', ticketId);
    expect(textsOf(receiver, JANA_CHAT)).not.toContain('[Ověřte přihlášení zde](');
    await manager.click('handoff.accept', ticketId);
    await client('1. 4. 2026 [klikněte](https://evil.example)');
    const relayed = await receiver.waitFor((c) => c.conversationId === JANA_CHAT && /klikněte/.test(c.activity.text ?? ''), 'the relayed client message');
    expect(relayed.activity.text).toBe('Strojírny Morava a.s.: 1.\u00A04. 2026 \\[klikněte\\](https://evil.example)');
  });

  it('End on the card finishes the relay; a client "konec" is reported to the manager', async () => {
    const { app, receiver } = await setup();
    const manager = jana(app, receiver);
    await manager.install();

    const first = webClient(app, receiver, 'web-client-2');
    await first('Chci mluvit s člověkem');
    await first('CZ-2024-10001');
    const { ticketId } = await handoffCardFor(receiver);
    await manager.click('handoff.accept', ticketId);
    const ended = await manager.click('handoff.end', ticketId);
    expect(ended.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(ended.value)).toContain('Rozhovor skončil');
    await receiver.waitFor((c) => c.conversationId === 'web-client-2' && /ukončil/.test(c.activity.text ?? ''), 'the client told it ended');
    // A second click on a stale card is answered, not an error.
    const stale = await manager.click('handoff.accept', ticketId);
    expect(stale).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/nelze změnit/) });

    const second = webClient(app, receiver, 'web-client-3');
    await second('Chci mluvit s člověkem');
    await second('CZ-2024-10001');
    const ticketOf = (card: AdaptiveCard | undefined) => card?.actions?.find((a) => a.verb === 'handoff.accept')?.data?.ticketId;
    const secondCard = await receiver.waitFor((c) => c.conversationId === JANA_CHAT && ticketOf(c.activity.attachments?.[0]?.content) !== undefined && ticketOf(c.activity.attachments?.[0]?.content) !== ticketId, 'the second handoff card');
    const secondTicket = ticketOf(secondCard.activity.attachments![0]!.content) as string;
    await manager.click('handoff.accept', secondTicket);
    await second('konec');
    await receiver.waitFor((c) => c.conversationId === JANA_CHAT && /Klient Strojírny Morava a\.s\. rozhovor ukončil/.test(c.activity.text ?? ''), 'Jana told the client ended');
  });

  it('someone who is not a manager cannot use the staff buttons', async () => {
    const { app, receiver } = await setup();
    const { body } = await post(app.url, teamsCardAction('handoff.accept', { handoffAction: 'accept', ticketId: 'HO-12345678' }, { serviceUrl: receiver.url, conversationId: 'a:someone' }));
    expect(body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Tato tlačítka jsou pro manažery zákaznického servisu.' });
  });
});
