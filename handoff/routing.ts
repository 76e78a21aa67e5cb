import type { DateTime } from 'luxon';
import { isAbsent, type Manager, type PolicyDirectory, type PolicyMatch, type Team } from '../dialogs/policyDirectory.js';
import { noHolidays, workingAvailability, type Holiday, type HolidayCalendar } from './workingCalendar.js';

export type HandoffRoute =
  | { kind: 'manager'; manager: Manager; named: Manager; viaDeputy: boolean; team: Team }
  | { kind: 'team'; team: Team; named?: Manager }
  | { kind: 'out_of_hours'; callbackFor: Manager | undefined; team: Team; named?: Manager; nextStart?: DateTime; holiday?: Holiday };

/**
 * Who takes a handoff now: the client's named manager when at work and not absent; otherwise
 * their deputy; otherwise the team queue while the team works; otherwise nobody until the next
 * working hours — then it becomes a callback for the named manager (or the deputy when the
 * manager is absent). Public holidays of the zone's country (`holidays`) are not working days,
 * so "next working day" skips them. Pure: the time and the calendar are parameters.
 */
export function routeHandoff(directory: PolicyDirectory, match: PolicyMatch | undefined, now: Date, defaultTeam: Team, holidays: HolidayCalendar = noHolidays): HandoffRoute {
  const named = match?.manager;
  const team = match?.team ?? defaultTeam;
  const deputy = named?.deputy ? directory.manager(named.deputy) : undefined;
  const candidates = [named, deputy].filter((m): m is Manager => !!m && !isAbsent(m, now));
  for (const manager of candidates) {
    if (workingAvailability(manager.workingHours, manager.timeZone, now, holidays).available) {
      return { kind: 'manager', manager, named: named!, viaDeputy: manager !== named, team };
    }
  }
  const teamHours = workingAvailability(team.workingHours, team.timeZone, now, holidays);
  if (teamHours.available) return { kind: 'team', team, named };
  const callbackFor = candidates[0];
  const own = callbackFor ? workingAvailability(callbackFor.workingHours, callbackFor.timeZone, now, holidays) : teamHours;
  return { kind: 'out_of_hours', callbackFor, team, named, ...(own.nextStart ? { nextStart: own.nextStart } : {}), ...(own.holiday ? { holiday: own.holiday } : {}) };
}
