import type { IncomingMessage, ServerResponse } from 'node:http';
import { cameOverHttps } from './requestSecurity.js';

/**
 * The staff pages' Content Security Policy: only our own files, no inline script or style,
 * forms post only here, and no other site may frame the pages (clickjacking on Accept/End).
 */
export const STAFF_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers on every /staff response (nosniff and x-request-id come from server.ts). */
export function staffSecurityHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'content-security-policy': STAFF_CSP,
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    // Ticket pages hold clients' messages: never kept by the browser or a proxy.
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    ...(cameOverHttps(req) ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Adds a Set-Cookie without dropping the ones already set for this response. */
export function appendCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('set-cookie', [...list, cookie]);
}

function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string | undefined, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  for (const [name, value] of Object.entries({ ...staffSecurityHeaders(req), ...headers })) res.setHeader(name, value);
  if (contentType) res.setHeader('content-type', contentType);
  res.setHeader('content-length', String(Buffer.byteLength(body)));
  res.writeHead(status);
  res.end(body);
}

export function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, page: string, headers: Record<string, string> = {}): void {
  send(req, res, status, 'text/html; charset=utf-8', page, headers);
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  send(req, res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

export function sendFile(req: IncomingMessage, res: ServerResponse, contentType: string, body: Buffer): void {
  send(req, res, 200, contentType, body);
}

/** 303 See Other: after a POST the browser GETs the target, so a reload never re-sends the form. */
export function redirect(req: IncomingMessage, res: ServerResponse, location: string): void {
  send(req, res, 303, undefined, '', { location });
}
