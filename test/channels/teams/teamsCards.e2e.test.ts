import { afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../helpers/app.js';
import { startTeamsBot, post, startTeamsReceiver, teamsCardAction, teamsMessage, textsOf, type AdaptiveCard, type TeamsReceiver } from './teamsHelpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ app: RunningApp; receiver: TeamsReceiver }> {
  const receiver = await startTeamsReceiver();
  const app = await startTeamsBot();
  cleanups.push(() => receiver.close(), () => app.stop());
  return { app, receiver };
}

/** An overdue-invoice notification answered step by step, up to its summary. */
const overdueCs = ['Potřebuji nahlásit faktury po splatnosti', 'CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358', 'přeskočit', 'F-1', '1. 10. 2026', '31. 10. 2026', '5 000 Kč', 'vše', 'ne', 'ne', 'upomínka', 'ne', 'Jan Novák', 'jan@acme.cz'];

/** Fills the report in a Teams personal chat and returns the summary card the bot sent. */
async function reachSummary(app: RunningApp, receiver: TeamsReceiver, conversationId: string): Promise<AdaptiveCard> {
  for (const answer of overdueCs) expect((await post(app.url, teamsMessage(answer, { serviceUrl: receiver.url, conversationId }))).status).toBe(200);
  const summary = receiver.messages(conversationId).at(-1)!;
  const card = summary.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  expect(card, 'the summary is an Adaptive Card in Teams').toBeDefined();
  // A schema version Teams renders.
  expect(card!.version).toBe('1.4');
  expect(card!.actions!.map((a) => a.type)).toEqual(['Action.Submit', 'Action.Submit', 'Action.Submit']);
  // The card's buttons only: no second set of Confirm / Change / Cancel as suggested actions.
  expect(summary.suggestedActions).toBeUndefined();
  return card!;
}

describe('Teams: report summary card buttons reach the form logic', () => {
  it('Action.Submit: the message with the card data as its value confirms the report', async () => {
    const { app, receiver } = await setup();
    const conversationId = 'a:summary-submit';
    const card = await reachSummary(app, receiver, conversationId);
    const confirm = card.actions!.find((a) => a.data?.action === 'confirm')!;
    expect(confirm.title).toBe('Potvrdit');
    // Teams sends an Action.Submit as a message without text, the data in `value`.
    await post(app.url, teamsMessage(undefined, { serviceUrl: receiver.url, conversationId, value: confirm.data }));
    const filed = receiver.messages(conversationId).at(-1)!.text ?? '';
    const reference = /OVD-2026-\d{6}-[0-9A-Z]{4}/.exec(filed)?.[0];
    expect(reference).toBeDefined();
    expect(await app.app.internals.cases.getCase(reference!)).toMatchObject({ status: 'filed', channelId: 'msteams' });
  });

  it('Action.Execute: the adaptiveCard/action invoke confirms it and replaces the card with one without buttons (#17 defect 12)', async () => {
    const { app, receiver } = await setup();
    const conversationId = 'a:summary-execute';
    const card = await reachSummary(app, receiver, conversationId);
    const data = card.actions!.find((a) => a.data?.action === 'confirm')!.data!;
    const { status, body } = await post(app.url, teamsCardAction('confirm', data, { serviceUrl: receiver.url, conversationId }));
    expect(status).toBe(200);
    const reference = /OVD-2026-\d{6}-[0-9A-Z]{4}/.exec(textsOf(receiver, conversationId))![0];
    const closed = body as { statusCode: number; type: string; value: AdaptiveCard };
    expect(closed).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(closed.value.actions ?? []).toEqual([]);
    expect(JSON.stringify(closed.value.body)).toContain(`Hlášení bylo podáno pod číslem ${reference}.`);

    // The same button again (a double click): the report is not filed twice.
    const again = await post(app.url, teamsCardAction('confirm', data, { serviceUrl: receiver.url, conversationId }));
    expect(again.status).toBe(200);
    const references = new Set(textsOf(receiver, conversationId).match(/OVD-2026-\d{6}-[0-9A-Z]{4}/g));
    expect(references.size).toBe(1);
  });
});
