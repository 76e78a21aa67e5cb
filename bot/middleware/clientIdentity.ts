import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { setVerifiedClient } from '../../dialogs/clientIdentity.js';
import type { IdentityResolver } from '../../identity/identityResolver.js';
import { isVerifiedTeamsTurn } from '../channelHooks.js';

/**
 * Resolves who the turn's user is before any dialog runs, and leaves it on the turn
 * (dialogs read it with verifiedClientOf). Fails closed: when the store cannot be read the
 * turn goes on as unverified, and the failure is logged.
 */
export class ClientIdentityMiddleware implements Middleware {
  constructor(private readonly resolver: IdentityResolver, private readonly logger: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    try {
      setVerifiedClient(context, await this.resolver.resolve(context.activity, isVerifiedTeamsTurn(context)));
    } catch (error) {
      this.logger.error({ err: error }, 'client identity could not be resolved; treating the user as unverified');
      setVerifiedClient(context, undefined);
    }
    await next();
  }
}
