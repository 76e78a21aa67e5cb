import { afterEach, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';

const WORKING = new Date('2026-11-25T09:00:00Z');
let app: RunningApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function post(activity: Record<string, unknown>) {
  const { body } = await postActivity(app!.url, activity);
  return ((body as { activities?: { type: string; name?: string; text?: string; value?: Record<string, unknown>; attachments?: { contentType: string; content: unknown }[] }[] })?.activities ?? []);
}

describe('HANDOFF_MODE=protocol (Bot Framework handoff events for an agent hub)', () => {
  it('sends handoff.initiate with the transcript and the named manager, and follows handoff.status', async () => {
    app = await startTestApp({ HANDOFF_MODE: 'protocol' }, { clock: { now: () => WORKING } });
    const conversation = { id: 'proto-1' };
    await post(messageActivity('Who can help me use Atradius Insights?', { conversation }));
    await post(messageActivity('I want to talk to a person', { conversation }));
    const replies = await post(messageActivity('CZ-2024-10001', { conversation }));
    expect(replies[0]!.text).toMatch(/handing you over to the customer-service team/);
    const initiate = replies.find((a) => a.type === 'event' && a.name === 'handoff.initiate')!;
    expect(initiate).toBeDefined();
    expect(initiate.value).toMatchObject({ manager: { id: 'jana.novakova', name: 'Jana Nováková' }, policyNumber: 'CZ-2024-10001', language: 'en' });
    const transcript = initiate.attachments!.find((a) => a.contentType === 'application/json')!.content as { activities: { text?: string }[] };
    expect(transcript.activities.map((a) => a.text)).toContain('Who can help me use Atradius Insights?');

    const status = (state: string) => post({ ...messageActivity(undefined, { conversation }), type: 'event', name: 'handoff.status', value: { state } });
    await status('accepted');
    const [ticket] = await app.app.internals.handoffStore.list({});
    expect(ticket!.status).toBe('connected');
    await status('completed');
    expect((await app.app.internals.handoffStore.get(ticket!.id))!.status).toBe('ended');
  });

  it('on "failed" apologises and offers a callback', async () => {
    app = await startTestApp({ HANDOFF_MODE: 'protocol' }, { clock: { now: () => WORKING } });
    const conversation = { id: 'proto-2' };
    await post(messageActivity('Chci mluvit s člověkem', { conversation }));
    await post(messageActivity('CZ-2024-10001', { conversation }));
    const replies = await post({ ...messageActivity(undefined, { conversation }), type: 'event', name: 'handoff.status', value: { state: 'failed', message: 'no agents' } });
    expect(replies.map((a) => a.text).join('\n')).toMatch(/předání se nepodařilo[\s\S]*zpětné zavolání/);
    const [ticket] = await app.app.internals.handoffStore.list({});
    expect(ticket!.status).toBe('callback');
  });

  it('ignores a forged handoff.status in relay mode: the ticket keeps waiting for its manager', async () => {
    app = await startTestApp({ HANDOFF_MODE: 'relay' }, { clock: { now: () => WORKING } });
    const conversation = { id: 'forged-1' };
    await post(messageActivity('I want to talk to a person', { conversation }));
    await post(messageActivity('CZ-2024-10001', { conversation }));
    const [waiting] = await app.app.internals.handoffStore.list({});
    expect(waiting!.status).toBe('waiting');
    await post({ ...messageActivity(undefined, { conversation }), type: 'event', name: 'handoff.status', value: { state: 'accepted' } });
    await post({ ...messageActivity(undefined, { conversation }), type: 'event', name: 'handoff.status', value: { state: 'completed' } });
    expect((await app.app.internals.handoffStore.get(waiting!.id))!.status).toBe('waiting');
  });
});
