import type { DateTime } from 'luxon';
import { availability, isAbsent, type Manager, type PolicyDirectory, type PolicyMatch, type Team } from '../dialogs/policyDirectory.js';

export type HandoffRoute =
  | { kind: 'manager'; manager: Manager; named: Manager; viaDeputy: boolean; team: Team }
  | { kind: 'team'; team: Team; named?: Manager }
  | { kind: 'out_of_hours'; callbackFor: Manager | undefined; team: Team; named?: Manager; nextStart?: DateTime };

/**
 * Who takes a handoff now: the client's named manager when at work and not absent; otherwise
 * their deputy; otherwise the team queue while the team works; otherwise nobody until the next
 * working hours — then it becomes a callback for the named manager (or the deputy when the
 * manager is absent). Pure: the time is a parameter.
 */
export function routeHandoff(directory: PolicyDirectory, match: PolicyMatch | undefined, now: Date, defaultTeam: Team): HandoffRoute {
  const named = match?.manager;
  const team = match?.team ?? defaultTeam;
  const deputy = named?.deputy ? directory.manager(named.deputy) : undefined;
  const candidates = [named, deputy].filter((m): m is Manager => !!m && !isAbsent(m, now));
  for (const manager of candidates) {
    if (availability(manager.workingHours, manager.timeZone, now).available) {
      return { kind: 'manager', manager, named: named!, viaDeputy: manager !== named, team };
    }
  }
  const teamHours = availability(team.workingHours, team.timeZone, now);
  if (teamHours.available) return { kind: 'team', team, named };
  const callbackFor = candidates[0];
  const nextStart: DateTime | undefined = callbackFor ? availability(callbackFor.workingHours, callbackFor.timeZone, now).nextStart : teamHours.nextStart;
  return { kind: 'out_of_hours', callbackFor, team, named, nextStart };
}
