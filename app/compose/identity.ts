import type { Logger } from 'pino';
import type { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import { IdentityResolver } from '../../identity/identityResolver.js';
import type { IdentityStore } from '../../identity/identityStore.js';
import { PortalAssertionVerifier } from '../../identity/portalAssertion.js';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config.js';
import path from 'node:path';
import { EmailCodeVerification } from '../../identity/emailCodeVerification.js';
import type { OneTimeCodeStore } from '../../identity/oneTimeCodeStore.js';
import { OneTimeCodes } from '../../identity/oneTimeCodes.js';
import { FilingConfirmations } from '../../identity/filingConfirmations.js';
import { OutboxMailer, SmtpMailer, type Mailer } from '../../platform/mail/mailer.js';

export interface IdentityDeps {
  config: AppConfig;
  logger: Logger;
  identities: IdentityStore;
  oneTimeCodes: OneTimeCodeStore;
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
  const mailer = composeMailer(config, deps.logger);
  const codes = new OneTimeCodes({ store: deps.oneTimeCodes, identities, directory, ...(mailer ? { mailer } : {}), now, logger: deps.logger, verifiedForSeconds });
  deps.logger.info({ portalSignIn: portalConfigured ? (config.PORTAL_JWKS_URL ? 'jwks' : 'shared secret') : 'off', emailCodes: mailer?.kind ?? 'off' }, 'client verification');
  const confirmations = new FilingConfirmations({ directory, ...(mailer ? { mailer } : {}), logger: deps.logger });
  return { resolver, portal, mailer, confirmations, verification: new EmailCodeVerification(codes), pruneCodes: () => deps.oneTimeCodes.prune(new Date(clock.now().getTime() - 3_600_000)) };
}

/** SMTP when SMTP_URL is set; else the development outbox (DATA_DIR/outbox) unless MAIL_OUTBOX=false; else none. */
function composeMailer(config: AppConfig, logger: Logger): Mailer | undefined {
  if (config.SMTP_URL) return new SmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  if (!config.MAIL_OUTBOX) {
    logger.warn('no SMTP_URL and MAIL_OUTBOX=false: no e-mail, so visitors cannot verify by a one-time code');
    return undefined;
  }
  const dir = path.join(config.DATA_DIR, 'outbox');
  logger.warn({ dir }, 'no SMTP_URL: e-mail (one-time codes, filing confirmations) is written to the development outbox, not sent');
  return new OutboxMailer(dir, config.MAIL_FROM, logger);
}
