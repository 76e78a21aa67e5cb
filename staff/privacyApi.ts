import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../platform/clock.js';
import type { StaffDirectory } from './staffDirectory.js';
import { authenticateStaff } from './staffBearer.js';
import { sendError } from '../platform/http/errors.js';
import type { PrivacyStore } from '../privacy/privacyStore.js';

const eraseSchema = z
  .object({ clientId: z.string().min(1).max(100).optional(), userId: z.string().min(1).max(200).optional() })
  .refine((s) => s.clientId || s.userId, 'give clientId or userId');

/**
 * Privacy requests for staff with the "privacy" role (bearer token): erase one client's (or one
 * user's) cases, handoffs, transcripts and conversation state; every erasure is audited.
 */
export function registerPrivacyApi(server: Server, deps: { staff: StaffDirectory; privacy: PrivacyStore; clock: Clock; logger: Logger }): void {
  const officer = (req: Request, res: Response) => {
    const member = authenticateStaff(req, res, deps.staff);
    if (!member) return undefined;
    if (!member.roles?.includes('privacy')) {
      sendError(res, 403, 'Forbidden', 'The privacy role is required.');
      return undefined;
    }
    return member;
  };

  server.post('/api/staff/privacy/erase', async (req: Request, res: Response) => {
    const member = officer(req, res);
    if (!member) return;
    const parsed = eraseSchema.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, 400, 'BadRequest', 'Expected {"clientId"?: string, "userId"?: string} with at least one.');
      return;
    }
    const report = await deps.privacy.erase(parsed.data, member.id, deps.clock.now());
    deps.logger.info({ actor: member.id, subject: parsed.data, report }, 'privacy erasure');
    res.json({ erased: report });
  });

  server.get('/api/staff/privacy/audit', async (req: Request, res: Response) => {
    if (!officer(req, res)) return;
    res.json({ audit: await deps.privacy.audit(200) });
  });
}
