import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { requestOrigin } from '../../platform/http/requestOrigin.js';

/**
 * Whether the browser reached us over HTTPS: a TLS socket, or a proxy saying so in
 * X-Forwarded-Proto. The header is honoured even without trusted proxies because it is used
 * only to make cookies stricter (Secure) and to accept the https form of our own origin.
 */
export function cameOverHttps(req: IncomingMessage): boolean {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  return forwarded === 'https' || Boolean((req.socket as TLSSocket).encrypted);
}

/** `Secure` on our cookies: always, never, or when this request came over HTTPS. */
export function secureCookies(req: IncomingMessage, setting: 'auto' | 'true' | 'false'): boolean {
  return setting === 'true' || (setting === 'auto' && cameOverHttps(req));
}

/** Compares two secrets in constant time (a length difference alone is no secret: tokens have a fixed length). */
export function sameSecret(expected: string, actual: unknown): boolean {
  if (typeof actual !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Defence in depth next to the CSRF token: a POST whose Origin (or, without it, Referer) names
 * another site is refused. Requests carrying neither (old browsers, privacy tools, scripts)
 * pass here and still need the token. `Origin: null` (sandboxed frames, cross-site redirects) fails.
 */
export function isSameOriginPost(req: IncomingMessage, trustedProxies: number): boolean {
  const origin = req.headers.origin;
  const referer = req.headers.referer;
  let claimed: string;
  if (typeof origin === 'string' && origin) claimed = origin;
  else if (typeof referer === 'string' && referer) claimed = referer;
  else return true;
  let url: URL;
  try {
    url = new URL(claimed);
  } catch {
    return false;
  }
  const { host, secure } = requestOrigin(req, trustedProxies);
  const schemes = secure || cameOverHttps(req) ? ['https:'] : ['http:', 'https:'];
  return url.host.toLowerCase() === host.toLowerCase() && schemes.includes(url.protocol);
}
