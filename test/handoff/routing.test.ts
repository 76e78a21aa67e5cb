import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeHandoff } from '../../handoff/routing.js';
import { PolicyDirectory } from '../../dialogs/policyDirectory.js';

const base = PolicyDirectory.fromFile(path.resolve('data/policy-directory.json'));
const raw = async () => JSON.parse(await (await import('node:fs/promises')).readFile('data/policy-directory.json', 'utf8'));
const team = base.team('cz-service')!;

describe('routeHandoff (who takes it, by working hours)', () => {
  it.each([
    // Jana works Mon–Thu 8:00–16:30, Fri 8:00–14:00 Prague; Petr 9:00–17:30 (Fri –15:00); the team 8:00–18:00 (Fri –16:00).
    ['Wednesday 10:00 Prague', '2026-11-25T09:00:00Z', 'manager', 'jana.novakova'],
    ['Wednesday 16:45 Prague (Jana gone, Petr still in)', '2026-11-25T15:45:00Z', 'manager', 'petr.svoboda'],
    ['Friday 15:30 Prague (both gone, team in)', '2026-11-27T14:30:00Z', 'team', undefined],
    ['Saturday', '2026-11-28T10:00:00Z', 'out_of_hours', undefined],
    ['Wednesday 23:30 Prague', '2026-11-25T22:30:00Z', 'out_of_hours', undefined],
  ])('%s → %s', (_label, now, kind, manager) => {
    const route = routeHandoff(base, base.findPolicy('CZ-2024-10001'), new Date(now), team);
    expect(route.kind).toBe(kind);
    if (route.kind === 'manager') {
      expect(route.manager.id).toBe(manager);
      expect(route.viaDeputy).toBe(manager !== 'jana.novakova');
    }
  });

  it('out of hours, says when the named manager is back (in their time zone)', () => {
    const route = routeHandoff(base, base.findPolicy('CZ-2024-10001'), new Date('2026-11-28T10:00:00Z'), team);
    expect(route.kind === 'out_of_hours' && route.nextStart?.toISO()).toBe('2026-11-30T08:00:00.000+01:00');
    expect(route.kind === 'out_of_hours' && route.callbackFor?.id).toBe('jana.novakova');
  });

  it('skips an absent manager (and an absence period) for the deputy', async () => {
    const data = await raw();
    data.managers.find((m: { id: string }) => m.id === 'jana.novakova').absent = { from: '2026-11-20', to: '2026-11-27' };
    const directory = new PolicyDirectory(data);
    const route = routeHandoff(directory, directory.findPolicy('CZ-2024-10001'), new Date('2026-11-25T09:00:00Z'), team);
    expect(route.kind === 'manager' && route.manager.id).toBe('petr.svoboda');
    const after = routeHandoff(directory, directory.findPolicy('CZ-2024-10001'), new Date('2026-11-30T09:00:00Z'), team);
    expect(after.kind === 'manager' && after.manager.id).toBe('jana.novakova');
  });

  it('without a policy, the default team takes it', () => {
    expect(routeHandoff(base, undefined, new Date('2026-11-25T09:00:00Z'), team).kind).toBe('team');
  });
});
