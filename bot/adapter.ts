import { CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes, type TurnContext } from 'botbuilder';
import { AuthenticationError, type BotFrameworkAuthentication, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Logger } from 'pino';
import { detectLanguage } from '../knowledge/text/language.js';
import { langFromLocale } from '../locales/lang.js';
import { t } from '../locales/index.js';
import type { AppConfig } from '../platform/config.js';
import { ReusedConnectorClients } from './connectorClients.js';
import { keepEntityPropertiesInConnectorRequests } from './connectorEntities.js';

export interface AdapterOptions {
  /**
   * Wraps the Bot Framework authentication; the website channel uses it to route connector
   * clients for its in-process Direct Line serviceUrl into its own store (channels/webchat).
   */
  wrapAuthentication?: (auth: BotFrameworkAuthentication) => BotFrameworkAuthentication;
  /**
   * The bot's side of the Bot Framework token service (which app ids are ours, and the tokens its
   * replies carry); default: the SDK's, from MicrosoftAppId / MicrosoftAppPassword. Tests replace
   * it, since the real one fetches tokens from login.microsoftonline.com over HTTPS.
   */
  credentials?: ServiceClientCredentialsFactory;
}

/**
 * A token signed with the wrong key escapes the SDK as a plain jsonwebtoken error (→ 500);
 * it is an authentication failure and gets 401 like every other bad token.
 */
function badTokensAre401(auth: ConfigurationBotFrameworkAuthentication): ConfigurationBotFrameworkAuthentication {
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && (error.name === 'JsonWebTokenError' || error.name === 'NotBeforeError' || error.name === 'TokenExpiredError')) {
        throw new AuthenticationError(error.message, StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
  };
  return auth;
}

/**
 * The CloudAdapter with the app's credentials. With MicrosoftAppId empty it runs anonymously
 * (local runs, the Emulator, tests); with it set, every request's JWT is validated.
 */
export function createAdapter(config: AppConfig, logger: Logger, options: AdapterOptions = {}): CloudAdapter {
  const configured = badTokensAre401(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId ?? '',
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    }, options.credentials),
  );
  // One connector client per endpoint, not one per request (#20); the website's in-process
  // connector is wrapped around it and stays its own.
  const reused = new ReusedConnectorClients(configured);
  const auth = options.wrapAuthentication?.(reused) ?? reused;
  // Without it the Bot Connector client drops the citation entities of every sent answer.
  keepEntityPropertiesInConnectorRequests();
  const adapter = new CloudAdapter(auth);

  // The client gets an apology in their language; the state is left as it was (not wiped), so
  // the next message continues the conversation.
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const log = (context.turnState.get('logger') as Logger | undefined) ?? logger;
    log.error({ err: error, activityId: context.activity.id, conversationId: context.activity.conversation?.id }, 'unhandled error in turn');
    const text = typeof context.activity.text === 'string' ? context.activity.text : '';
    const lang = detectLanguage(text.slice(0, 500), langFromLocale(context.activity.locale));
    try {
      await context.sendActivity(t(lang, 'turnError'));
    } catch (sendError) {
      log.error({ err: sendError }, 'could not send the apology');
    }
  };
  return adapter;
}
