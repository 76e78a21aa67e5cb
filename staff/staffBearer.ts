import type { Request, Response } from 'restify';
import type { StaffMember } from '../handoff/handoffService.js';
import { bearerToken } from '../platform/http/bearer.js';
import { sendError } from '../platform/http/errors.js';
import type { StaffDirectory } from './staffDirectory.js';

/**
 * The staff member whose API token the request carries; otherwise a 401 (with the challenge)
 * is sent and undefined returned. The one bearer check of the staff and privacy APIs.
 */
export function authenticateStaff(req: Request, res: Response, staff: StaffDirectory): StaffMember | undefined {
  const token = bearerToken(req.header('authorization'));
  const member = token ? staff.byToken(token) : undefined;
  if (!member) {
    res.header('WWW-Authenticate', 'Bearer realm="staff"');
    sendError(res, 401, 'Unauthorized', 'A valid staff bearer token is required.');
  }
  return member;
}
