import type { CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { describeIssues, sendError } from '../../platform/http/errors.js';
import type { RateLimits } from '../../platform/http/rateLimits.js';
import { guarded, requestLogger } from '../../platform/http/server.js';
import { readyOr503, type ReadyBot } from './ready.js';
import { emulatorRefusal, type MessagesAccess } from './anonymousActivities.js';
import { serviceUrlMatcher } from './serviceUrl.js';

export interface MessagesRouteDeps {
  logger: Logger;
  adapter: CloudAdapter;
  ready: ReadyBot;
  limits: RateLimits;
  /** SERVICE_URL_ALLOWLIST: where replies may be sent ("" = anywhere). */
  serviceUrlAllowList: string;
  /** Whether activities are JWT-validated, Emulator-only (dev opt-in) or refused (anonymousActivities.ts). */
  access: MessagesAccess;
}

/** The minimum an activity must have before the adapter sees it. */
const activitySchema = z
  .object({
    type: z.string().min(1).max(100),
    text: z.string().optional(),
    locale: z.string().max(100).optional(),
    deliveryMode: z.string().max(50).optional(),
    conversation: z.object({ id: z.string().min(1) }).passthrough().optional(),
  })
  .passthrough()
  // Without a serviceUrl, replies would go to the connector's default host: only batched replies can do without.
  .refine((a) => a.deliveryMode === 'expectReplies' || typeof (a as { serviceUrl?: unknown }).serviceUrl === 'string', {
    path: ['serviceUrl'],
    message: 'is required unless deliveryMode is expectReplies',
  });

/** The website channel's in-process Direct Line address (channels/webchat); never accepted from outside. */
const IN_PROCESS_SERVICE_URL = 'https://directline.invalid/';

/** POST /api/messages: the Bot Framework endpoint (Teams, Azure channels, the Emulator). */
export function registerMessagesRoute(server: Server, deps: MessagesRouteDeps): void {
  const serviceUrlAllowed = serviceUrlMatcher(deps.serviceUrlAllowList);
  server.post('/api/messages', guarded(deps.logger, async (req, res) => {
    const ready = readyOr503(deps.ready, res);
    if (!ready) return;
    // (Bodies nested too deeply were refused by the server before any route: platform/http/bodyDepth.ts.)
    const parsed = activitySchema.safeParse(req.body);
    const fromId = (req.body as { from?: { id?: unknown } } | undefined)?.from?.id;
    if (!(await deps.limits.allow(req, res, 'messages', typeof fromId === 'string' ? fromId : undefined))) return;
    if (deps.access === 'closed') {
      sendError(res, 401, 'Unauthorized', 'This bot has no Bot Framework credentials (MicrosoftAppId), so it cannot verify activities and accepts none here. The website chat uses /api/directline.');
      return;
    }
    if (!parsed.success) {
      sendError(res, 400, 'BadRequest', `Not a valid activity: ${describeIssues(parsed.error)}`);
      return;
    }
    if (deps.access === 'emulator') {
      const refusal = emulatorRefusal(req, parsed.data as Record<string, unknown>);
      if (refusal) {
        requestLogger(req, deps.logger).warn({ channelId: (parsed.data as { channelId?: unknown }).channelId }, 'unsigned activity refused');
        sendError(res, 403, 'Forbidden', refusal);
        return;
      }
    }
    // Replies go to the activity's serviceUrl: only web URLs, and never the website's in-process channel.
    const serviceUrl = (parsed.data as { serviceUrl?: unknown }).serviceUrl;
    if (serviceUrl !== undefined && (typeof serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(serviceUrl) || serviceUrl.startsWith(IN_PROCESS_SERVICE_URL))) {
      sendError(res, 400, 'BadRequest', 'Not a valid activity: serviceUrl');
      return;
    }
    // A serviceUrl outside the allow-list is never called: the activity is refused before the bot runs.
    if (typeof serviceUrl === 'string' && !serviceUrlAllowed(serviceUrl)) {
      requestLogger(req, deps.logger).warn({ serviceUrl }, 'activity refused: serviceUrl not in SERVICE_URL_ALLOWLIST');
      sendError(res, 403, 'Forbidden', 'This serviceUrl is not allowed.');
      return;
    }
    await deps.adapter.process(req, res, async (context) => {
      context.turnState.set('logger', requestLogger(req, deps.logger));
      await ready.bot.run(context);
    });
  }));
}
