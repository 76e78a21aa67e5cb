import type { HandoffEvent, HandoffStatus } from './types.js';

const transitions: Record<HandoffStatus, Partial<Record<HandoffEvent, HandoffStatus>>> = {
  requested: { route: 'waiting', out_of_hours: 'callback', callback_requested: 'callback', end: 'ended' },
  waiting: { accept: 'connected', end: 'ended', no_answer: 'callback', callback_requested: 'callback', protocol_failed: 'callback' },
  connected: { end: 'ended' },
  callback: { accept: 'connected', end: 'ended', callback_requested: 'callback' },
  ended: {},
};

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: HandoffStatus,
    readonly event: HandoffEvent,
  ) {
    super(`A handoff in status "${from}" cannot "${event}"`);
    this.name = 'InvalidTransitionError';
  }
}

/** The one definition of which handoff status may follow which (the rest of the code asks here). */
export function nextStatus(from: HandoffStatus, event: HandoffEvent): HandoffStatus {
  const to = transitions[from][event];
  if (!to) throw new InvalidTransitionError(from, event);
  return to;
}

export function canTransition(from: HandoffStatus, event: HandoffEvent): boolean {
  return transitions[from][event] !== undefined;
}
