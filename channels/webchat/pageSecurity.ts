import { randomBytes } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface PolicyOptions {
  nonce: string;
  /** Extra origins the page may connect to (Azure's Direct Line in production). */
  connectOrigins: string[];
  /** The page's own ws(s):// origin: older browsers do not count WebSockets as 'self'. */
  webSocketOrigin: string;
}

/**
 * SHA-256 of the empty string. Web Chat 4.18's transcript scroller (react-scroll-to-bottom)
 * inserts an empty <style> element without the nonce and then fills it through the CSSOM, which
 * CSP does not govern. Allowing exactly an empty element stops the console error and lets no
 * inline CSS in.
 */
const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/**
 * The page's Content Security Policy. No inline script at all (the page script is its own
 * file); the nonce is for the <style> elements Web Chat injects (emotion), as its CSP guide
 * describes. Images only from here, blob: (Web Chat's own icons) and data:. connect-src allows
 * blob: because botframework-directlinejs reads a file the client picked (an object URL Web Chat
 * made of it) with a request before it uploads it.
 */
export function contentSecurityPolicy({ nonce, connectOrigins, webSocketOrigin }: PolicyOptions): string {
  return [
    "default-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}' ${EMPTY_STYLE_HASH}`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src 'self' ${[webSocketOrigin, ...connectOrigins].join(' ')} blob:`,
    "manifest-src 'self'",
  ].join('; ');
}

/** Headers every page and asset response carries (nosniff and x-request-id come from server.ts). */
export function pageSecurityHeaders(secure: boolean): Record<string, string> {
  return {
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** For the Azure endpoint `https://x`, the origins to allow: `https://x` and its `wss://x` stream. */
export function directLineOrigins(endpoint: string): string[] {
  const url = new URL(endpoint);
  return [url.origin, `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`];
}
