import type { Response } from 'restify';
import { sendError } from '../../platform/http/errors.js';

/**
 * Direct Line's error codes (API reference, "Errors"). botframework-directlinejs reacts to the
 * status: 403 means "token expired, try refreshing", 404 "conversation ended", other 4xx give up.
 */
export type DirectLineErrorCode =
  | 'BadArgument'
  | 'Unauthorized'
  | 'TokenInvalid'
  | 'TokenExpired'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'TooManyRequests'
  | 'BotError'
  | 'ServiceUnavailable'
  | 'ServiceError';

export class DirectLineHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: DirectLineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DirectLineHttpError';
  }
}

/** Direct Line's `{ error: { code, message } }` error body; never cached (it may concern a token). */
export function sendDirectLineError(res: Response, status: number, code: DirectLineErrorCode, message: string): void {
  if (res.headersSent) return;
  res.header('cache-control', 'no-store');
  sendError(res, status, code, message);
}
