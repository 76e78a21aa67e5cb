import type { Response } from 'restify';
import type { z } from 'zod';
import { issueLines } from '../zodIssues.js';

/** The one error body of every JSON endpoint (the shape Direct Line and the Bot Framework use). */
export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Sends a JSON error unless a response has already started (a late failure must not throw). */
export function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.status(status);
  res.json(errorBody(code, message));
}

/** A zod failure as one line for a 400 message: "field message; other.field message". */
export function describeIssues(error: z.ZodError): string {
  return issueLines(error, { root: 'body', separator: ' ' }).join('; ');
}
