import { describe, expect, it } from 'vitest';
import { DirectLineTokenService, TokenError } from '../../../channels/webchat/tokenService.js';

const secret = new TextEncoder().encode('a-secret-of-at-least-thirty-two-bytes!!');
const grant = { userId: 'dl_abc', conversationId: 'conv1' };

function serviceAt(start: string, options: { secret?: Uint8Array; ttlSeconds?: number; maxSessionSeconds?: number } = {}) {
  let now = Date.parse(start);
  const service = new DirectLineTokenService({ secret: options.secret ?? secret, ttlSeconds: options.ttlSeconds ?? 1800, now: () => now, ...(options.maxSessionSeconds ? { maxSessionSeconds: options.maxSessionSeconds } : {}) });
  return { service, advance: (seconds: number) => (now += seconds * 1000) };
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return (error as TokenError).problem;
  }
}

describe('DirectLineTokenService', () => {
  it('round-trips the user and the conversation', async () => {
    const { service } = serviceAt('2026-03-02T09:00:00Z');
    const token = await service.issue(grant);
    const verified = await service.verify(token);
    expect(verified).toEqual({ ...grant, expiresAt: Date.parse('2026-03-02T09:30:00Z') / 1000, sessionStartedAt: Date.parse('2026-03-02T09:00:00Z') / 1000 });
    expect(service.secondsLeft(verified)).toBe(1800);
  });

  it('expires after its lifetime (injected clock, no waiting)', async () => {
    const { service, advance } = serviceAt('2026-03-02T09:00:00Z');
    const token = await service.issue(grant);
    advance(1799);
    expect((await service.verify(token)).userId).toBe('dl_abc');
    advance(2);
    expect(await problemOf(service.verify(token))).toBe('expired');
  });

  it('rejects tokens signed with another key, even expired ones, as invalid', async () => {
    const { service } = serviceAt('2026-03-02T09:00:00Z');
    const forger = serviceAt('2026-03-02T08:00:00Z', { secret: new TextEncoder().encode('the-forgers-own-secret-0123456789abc') }).service;
    expect(await problemOf(service.verify(await forger.issue(grant)))).toBe('invalid');
  });

  it('keeps stream tokens and conversation tokens apart', async () => {
    const { service } = serviceAt('2026-03-02T09:00:00Z');
    expect(await problemOf(service.verify(await service.issueStreamToken(grant)))).toBe('invalid');
    expect(await problemOf(service.consumeStreamToken(await service.issue(grant)))).toBe('invalid');
    expect((await service.consumeStreamToken(await service.issueStreamToken(grant))).conversationId).toBe('conv1');
  });

  it('stream tokens live for a minute and open one stream only', async () => {
    const { service, advance } = serviceAt('2026-03-02T09:00:00Z');
    const token = await service.issueStreamToken(grant);
    await service.consumeStreamToken(token);
    expect(await problemOf(service.consumeStreamToken(token))).toBe('invalid');
    const late = await service.issueStreamToken(grant);
    advance(61);
    expect(await problemOf(service.consumeStreamToken(late))).toBe('expired');
  });

  it('refreshing keeps the session start and stops at the maximum session age', async () => {
    const { service, advance } = serviceAt('2026-03-02T09:00:00Z', { maxSessionSeconds: 3600, ttlSeconds: 1800 });
    let token = await service.issue(grant);
    const started = (await service.verify(token)).sessionStartedAt;
    advance(1500);
    token = await service.refresh(await service.verify(token));
    expect((await service.verify(token)).sessionStartedAt).toBe(started);
    advance(1500);
    // 3000 s into the session: the new token lives only until the hour is up.
    token = await service.refresh(await service.verify(token));
    expect(service.secondsLeft(await service.verify(token))).toBe(600);
    advance(600);
    expect(await problemOf(service.verify(token))).toBe('expired');
    // Even a token that is itself still valid cannot extend a session past its maximum age.
    const stillValid = await service.issue({ ...grant, sessionStartedAt: started });
    expect(await problemOf(service.refresh(await service.verify(stillValid)))).toBe('expired');
  });

  it('refuses a key too short for HS256', () => {
    expect(() => new DirectLineTokenService({ secret: new Uint8Array(16), ttlSeconds: 60 })).toThrow(/32 bytes/);
  });

  it('rejects garbage', async () => {
    const { service } = serviceAt('2026-03-02T09:00:00Z');
    for (const token of ['', 'abc', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiZGxfYSIsImNvbnYiOiJjIn0.']) {
      expect(await problemOf(service.verify(token))).toBe('invalid');
    }
  });
});
