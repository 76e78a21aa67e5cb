import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { isTeams, tenantOf } from './teamsActivity.js';

/**
 * Serves Teams activities only from the allowed Microsoft Entra tenants (ALLOWED_TENANTS; empty
 * = every tenant). A multi-tenant bot registration can be installed by anyone who has the app
 * package, so without this any organisation could chat with the bot and reach the managers.
 *
 * Registered as the adapter's first middleware: an activity from another tenant gets no reply,
 * writes no state, transcript or dedupe record and never reaches the LLM. The HTTP answer is
 * 200 with an empty body (an invoke gets an empty 200 invoke response instead of the adapter's
 * 501): the channel has delivered the activity and has nothing to retry, and the sender learns
 * nothing about the bot. Other channels (the website, Direct Line) carry no tenant and pass.
 */
export class TenantRestriction implements Middleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowedTenants: readonly string[],
    private readonly logger: Logger,
  ) {
    this.allowed = new Set(allowedTenants.map((id) => id.toLowerCase()));
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (this.allowed.size === 0 || !isTeams(activity)) return next();
    const tenant = tenantOf(activity);
    if (tenant && this.allowed.has(tenant)) return next();
    this.logger.warn({ tenant: tenant ?? null, type: activity.type, conversationType: activity.conversation?.conversationType }, 'Teams activity from a tenant that is not allowed: dropped');
    if (activity.type === 'invoke') await context.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
  }
}
