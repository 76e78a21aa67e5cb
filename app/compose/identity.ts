import type { Logger } from 'pino';
import type { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import { IdentityResolver } from '../../identity/identityResolver.js';
import type { IdentityStore } from '../../identity/identityStore.js';
import { PortalAssertionVerifier } from '../../identity/portalAssertion.js';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config.js';

export interface IdentityDeps {
  config: AppConfig;
  logger: Logger;
  identities: IdentityStore;
  directory: PolicyDirectory;
  clock: Clock;
}

/** Client verification: the resolver every turn asks, and the portal sign-in when configured. */
export function composeIdentity(deps: IdentityDeps) {
  const { config, identities, directory, clock } = deps;
  const verifiedForSeconds = config.VERIFIED_IDENTITY_HOURS * 3600;
  const now = () => clock.now();
  const resolver = new IdentityResolver({ directory, identities, now, verifiedForSeconds });
  const portalConfigured = Boolean(config.PORTAL_ASSERTION_SECRET || config.PORTAL_JWKS_URL);
  const portal = portalConfigured
    ? {
        identities,
        verifier: new PortalAssertionVerifier({
          ...(config.PORTAL_ASSERTION_SECRET ? { secret: new TextEncoder().encode(config.PORTAL_ASSERTION_SECRET) } : {}),
          ...(config.PORTAL_JWKS_URL ? { jwksUrl: new URL(config.PORTAL_JWKS_URL) } : {}),
          audience: config.PORTAL_ASSERTION_AUDIENCE!,
          ...(config.PORTAL_ASSERTION_ISSUER ? { issuer: config.PORTAL_ASSERTION_ISSUER } : {}),
          maxLifetimeSeconds: config.PORTAL_ASSERTION_MAX_LIFETIME_SECONDS,
          verifiedForSeconds,
          directory,
          store: identities,
          now,
        }),
      }
    : undefined;
  deps.logger.info({ portalSignIn: portalConfigured ? (config.PORTAL_JWKS_URL ? 'jwks' : 'shared secret') : 'off' }, 'client verification');
  return { resolver, portal };
}
