import { describe, expect, it } from 'vitest';
import { transcriptRecord } from '../../storage/transcriptArchive.js';
import { toTranscriptLines } from '../../handoff/summary.js';

describe('the transcript row keeps what is read back', () => {
  const answer = {
    type: 'message',
    id: 'r-1',
    timestamp: '2026-11-25T10:00:00.000Z',
    channelId: 'directline',
    serviceUrl: 'https://directline.invalid/',
    conversation: { id: 'c-1', isGroup: false, conversationType: 'personal', tenantId: 't' },
    from: { id: 'bot', name: 'Support', role: 'bot', aadObjectId: 'x' },
    recipient: { id: 'u-1', role: 'user' },
    replyToId: 'a-1',
    locale: 'cs-CZ',
    text: 'Škodu nahlaste do 30 dnů. [1]',
    entities: [{ type: 'https://schema.org/Message', citation: [{ appearance: { abstract: 'x'.repeat(5000) } }] }],
    channelData: { feedbackLoopEnabled: true },
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', name: 'summary', content: { body: ['y'.repeat(3000)] } }],
    suggestedActions: { actions: [{ type: 'imBack', title: '👍', value: '👍' }] },
  };

  it('drops citation entities, card content and channel data, keeps who said what and when', () => {
    const row = transcriptRecord(answer as never);
    expect(row).toEqual({
      type: 'message',
      id: 'r-1',
      timestamp: '2026-11-25T10:00:00.000Z',
      channelId: 'directline',
      conversation: { id: 'c-1' },
      from: { id: 'bot', name: 'Support', role: 'bot' },
      recipient: { id: 'u-1', role: 'user' },
      replyToId: 'a-1',
      locale: 'cs-CZ',
      text: 'Škodu nahlaste do 30 dnů. [1]',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', name: 'summary' }],
    });
    expect(JSON.stringify(row).length).toBeLessThan(JSON.stringify(answer).length / 10);
  });

  it('gives the manager the same handoff transcript as the whole activity', () => {
    const client = { type: 'message', timestamp: '2026-11-25T09:59:00.000Z', from: { id: 'u-1' }, recipient: { id: 'bot' }, text: 'Do kdy?' };
    const file = { type: 'message', timestamp: '2026-11-25T10:01:00.000Z', from: { id: 'u-1' }, attachments: [{ contentType: 'application/pdf', name: 'faktura.pdf', contentUrl: 'https://x/1' }] };
    const whole = [client, answer, file] as never[];
    expect(toTranscriptLines(whole.map((a) => transcriptRecord(a)), 'u-1')).toEqual(toTranscriptLines(whole, 'u-1'));
  });
});
