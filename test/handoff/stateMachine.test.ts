import { describe, expect, it } from 'vitest';
import { canTransition, InvalidTransitionError, nextStatus } from '../../handoff/stateMachine.js';
import { handoffStatuses, type HandoffEvent, type HandoffStatus } from '../../handoff/types.js';

const allowed: [HandoffStatus, HandoffEvent, HandoffStatus][] = [
  ['requested', 'route', 'waiting'],
  ['requested', 'out_of_hours', 'callback'],
  ['requested', 'callback_requested', 'callback'],
  ['requested', 'end', 'ended'],
  ['waiting', 'accept', 'connected'],
  ['waiting', 'end', 'ended'],
  ['waiting', 'no_answer', 'callback'],
  ['waiting', 'callback_requested', 'callback'],
  ['waiting', 'protocol_failed', 'callback'],
  ['connected', 'end', 'ended'],
  ['callback', 'accept', 'connected'],
  ['callback', 'end', 'ended'],
  ['callback', 'callback_requested', 'callback'],
];

const events: HandoffEvent[] = ['route', 'accept', 'end', 'no_answer', 'out_of_hours', 'callback_requested', 'protocol_failed'];

describe('handoff state machine', () => {
  it.each(allowed)('%s --%s--> %s', (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to);
  });

  const forbidden = handoffStatuses.flatMap((from) => events.filter((e) => !allowed.some(([f, ev]) => f === from && ev === e)).map((e) => [from, e] as const));
  it.each(forbidden)('%s does not allow %s', (from, event) => {
    expect(canTransition(from, event)).toBe(false);
    expect(() => nextStatus(from, event)).toThrowError(InvalidTransitionError);
  });

  it('has nothing after ended', () => {
    expect(events.some((e) => canTransition('ended', e))).toBe(false);
  });
});
