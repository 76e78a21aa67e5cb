import { TeamsStaffRelay, type TeamsStaffRelayDeps } from './staffRelay.js';
import { TeamsChannel, type TeamsChannelHooks } from './teamsChannel.js';
import { TeamsStaffDirectory } from './teamsStaff.js';

export { keepEntityPropertiesInConnectorRequests } from '../../bot/connectorEntities.js';
export { MemoryStaffConversations, type StaffConversationStore } from './staffConversations.js';
export { TeamsCitationLimits } from './teamsCitations.js';
export type { TeamsChannelHooks } from './teamsChannel.js';
export { TenantRestriction } from './tenantRestriction.js';

/** What the channel needs: the relay's dependencies; the staff directory is built here. */
export type TeamsChannelDeps = Omit<TeamsStaffRelayDeps, 'staff'>;

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
