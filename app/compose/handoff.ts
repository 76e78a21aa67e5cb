import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import { createTeamsChannel } from '../../channels/teams/index.js';
import type { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import { HandoffService } from '../../handoff/handoffService.js';
import { adapterDelivery } from '../../handoff/proactive.js';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config.js';
import type { BotMetrics } from '../../platform/metrics/botMetrics.js';
import type { Stores } from '../../storage/stores.js';
import type { BotSlot } from '../botSlot.js';

export interface HandoffDeps {
  config: AppConfig;
  logger: Logger;
  adapter: CloudAdapter;
  stores: Stores;
  directory: PolicyDirectory;
  clock: Clock;
  metrics: BotMetrics;
  slot: BotSlot;
}

/** The handoff service and the Teams channel that brings its tickets to managers. */
export function composeHandoff(deps: HandoffDeps) {
  const { config, logger, adapter, stores, directory, clock } = deps;
  const appId = config.MicrosoftAppId ?? '';
  const handoff: HandoffService = new HandoffService({
    store: stores.handoffs,
    directory,
    recentActivities: (channelId, conversationId) => stores.transcripts.recentMessages(channelId, conversationId),
    delivery: adapterDelivery(adapter, appId),
    clock,
    logger,
    mode: config.HANDOFF_MODE,
    acceptTimeoutMs: config.HANDOFF_ACCEPT_TIMEOUT_SECONDS * 1000,
    // Managers who installed the Teams app get the tickets and the client's messages there.
    onTicketChanged: (ticket, event) => {
      deps.metrics.handoffEvent(event);
      return teams.relay.onTicketChanged(ticket, event);
    },
    onClientMessage: (ticket, message) => teams.relay.onClientMessage(ticket, message),
    offerCallback: async (ticket) => {
      await adapter.continueConversationAsync(appId, ticket.conversationReference, async (context) => {
        await deps.slot.current?.bot.startCallbackOffer(context, ticket);
      });
    },
  });
  const teams = createTeamsChannel({
    adapter,
    appId,
    directory,
    // Managers' Teams chats, in the shared database (SQLite or PostgreSQL).
    conversations: stores.staffConversations,
    handoff,
    handoffStore: stores.handoffs,
    clock,
    logger,
    relayEnabled: config.HANDOFF_MODE === 'relay',
    ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
  });
  return { handoff, teams };
}
