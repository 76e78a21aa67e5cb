import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import type { Clock } from '../../dialogs/services.js';
import type { HandoffService } from '../handoff/handoffService.js';
import type { HandoffStore } from '../handoff/types.js';
import type { StaffConversationStore } from './staffConversations.js';
import { TeamsStaffRelay } from './staffRelay.js';
import { TeamsChannel, type TeamsChannelHooks } from './teamsChannel.js';
import { TeamsStaffDirectory } from './teamsStaff.js';

export { keepEntityPropertiesInConnectorRequests } from './connectorEntities.js';
export { MemoryStaffConversations, type StaffConversationStore } from './staffConversations.js';
export { TeamsCitationLimits } from './teamsCitations.js';
export type { TeamsChannelHooks } from './teamsChannel.js';
export { TenantRestriction } from './tenantRestriction.js';

export interface TeamsChannelDeps {
  adapter: CloudAdapter;
  appId: string;
  directory: PolicyDirectory;
  conversations: StaffConversationStore;
  handoff: HandoffService;
  handoffStore: HandoffStore;
  clock: Clock;
  logger: Logger;
  relayEnabled: boolean;
  publicBaseUrl?: string;
}

/** The Teams channel: hooks for the bot, and the handoff service's notifications to managers. */
export interface TeamsSetup {
  hooks: TeamsChannelHooks;
  relay: TeamsStaffRelay;
}

export function createTeamsChannel(deps: TeamsChannelDeps): TeamsSetup {
  const staff = new TeamsStaffDirectory(deps.directory);
  const relay = new TeamsStaffRelay({ ...deps, staff });
  return { hooks: new TeamsChannel(staff, relay), relay };
}
