import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * The client's address, for rate limiting. Behind `trustedProxies` reverse proxies the address is
 * read from X-Forwarded-For, counting from the right: each trusted proxy appends the address it
 * saw, so entries further left were written by the client and can be forged.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies <= 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - trustedProxies] ?? chain[0] ?? socketAddress;
}

const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The scheme and host the browser used to reach us (for stream URLs and the page's CSP). */
export function requestOrigin(req: IncomingMessage, trustedProxies: number): { secure: boolean; host: string } {
  const forwardedProto = trustedProxies > 0 ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim() : '';
  const secure = forwardedProto ? forwardedProto === 'https' : Boolean((req.socket as TLSSocket).encrypted);
  const forwardedHost = trustedProxies > 0 ? String(req.headers['x-forwarded-host'] ?? '').split(',')[0]!.trim() : '';
  const candidate = forwardedHost || req.headers.host || '';
  // A malformed Host header must not end up in a URL or a policy we hand out.
  const host = HOST_PATTERN.test(candidate) ? candidate : `localhost:${req.socket.localPort ?? 80}`;
  return { secure, host };
}
