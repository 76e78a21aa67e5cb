import { describe, expect, it } from 'vitest';
import { handoffEventActivity, initialsOf, managerActivity } from '../../handoff/clientMessages.js';

describe('how the client sees the manager (#19)', () => {
  it('initials for the avatar', () => {
    expect(initialsOf('Jana Nováková')).toBe('JN');
    expect(initialsOf('Zákaznický servis')).toBe('ZS');
    expect(initialsOf('Petr')).toBe('P');
  });

  it('on the website: the text alone, the author in channelData for the page to render', () => {
    const a = managerActivity('directline', 'Jana Nováková', 'Dobrý den', 'relay-HO-1-1');
    expect(a.text).toBe('Dobrý den');
    expect(a.channelData).toEqual({ deliveryId: 'relay-HO-1-1', handoff: { kind: 'message', author: { name: 'Jana Nováková', initials: 'JN', role: 'manager' } } });
  });

  it('in Teams the manager’s name heads the message (the bot is always the sender); the text stays literal', () => {
    expect(managerActivity('msteams', 'Jana Nováková', '1. 9. is *fine*', 'd').text).toBe('**Jana Nováková**\n\n1.\u00A09. is \\*fine\\*');
  });

  it('elsewhere the name is a prefix', () => {
    expect(managerActivity('webchat', 'Jana Nováková', 'Hi', 'd').text).toBe('Jana Nováková: Hi');
  });

  it('"joined" is an event on the website and a sentence elsewhere', () => {
    const data = { kind: 'joined' as const, text: 'Jana Nováková has joined the conversation.', author: { name: 'Jana Nováková', initials: 'JN', role: 'manager' as const } };
    expect(handoffEventActivity('directline', data)).toMatchObject({ type: 'event', name: 'handoff.joined', value: data });
    expect(handoffEventActivity('msteams', data)).toMatchObject({ type: 'message', text: data.text });
  });
});
