import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who may post to /api/messages:
 * - `verified`: MicrosoftAppId is set, the adapter validates every activity's Bot Framework JWT.
 * - `emulator`: no app id, DEV_ALLOW_ANONYMOUS_MESSAGES=true (a logged opt-in): the Bot Framework
 *   Emulator on this machine, nothing else (see emulatorRefusal).
 * - `closed`: no app id and no opt-in, the default: every activity is refused with 401, because
 *   nothing about it (channel, sender, serviceUrl) can be verified.
 */
export type MessagesAccess = 'verified' | 'emulator' | 'closed';

export function messagesAccess(config: { MicrosoftAppId?: string | undefined; DEV_ALLOW_ANONYMOUS_MESSAGES: boolean }): MessagesAccess {
  if (config.MicrosoftAppId) return 'verified';
  return config.DEV_ALLOW_ANONYMOUS_MESSAGES ? 'emulator' : 'closed';
}

/**
 * Channels whose sender ids the bot acts on: a Teams user id makes a manager, a website user id
 * owns a conversation and (with the portal's sign-in) a verified identity. An unsigned activity
 * can name any of them, so it is never accepted for these channels.
 */
const IDENTITY_CHANNELS = new Set(['msteams', 'directline', 'webchat']);

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host);
  return false;
}

function isLoopbackUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Why an unsigned activity is refused in `emulator` mode, or undefined when it is the Emulator
 * case: sent from this machine (not through a proxy, which would make every client look local),
 * for a channel that carries no identity the bot trusts, and naming no serviceUrl but a
 * loopback one, so an unsigned activity never makes the bot call another machine.
 */
export function emulatorRefusal(req: IncomingMessage, activity: { channelId?: unknown; serviceUrl?: unknown; deliveryMode?: unknown }): string | undefined {
  if (!isLoopbackHost(req.socket.remoteAddress ?? '') || req.headers['x-forwarded-for'] !== undefined) {
    return 'Unsigned activities are accepted only from this machine (DEV_ALLOW_ANONYMOUS_MESSAGES).';
  }
  if (typeof activity.channelId === 'string' && IDENTITY_CHANNELS.has(activity.channelId.toLowerCase())) {
    return `Activities for the ${activity.channelId} channel must carry a Bot Framework token (set MicrosoftAppId).`;
  }
  // Even with expectReplies the serviceUrl is kept: a handoff relays the manager's messages to it later.
  if (activity.serviceUrl !== undefined && !(typeof activity.serviceUrl === 'string' && isLoopbackUrl(activity.serviceUrl))) {
    return 'Unsigned activities may name only a loopback serviceUrl (the Emulator).';
  }
  return undefined;
}
