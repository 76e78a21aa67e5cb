import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, configSchema, loadConfig } from '../../platform/config.js';

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, LOG_LEVEL: 'info', MicrosoftAppType: 'MultiTenant' });
    expect(config.MicrosoftAppId).toBeUndefined();
    expect(config.KNOWLEDGE_DIR).toMatch(/knowledge[/\\]documents$/);
    expect(config.DATA_DIR).toMatch(/\.data$/);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '', MicrosoftAppId: '' });
    expect(config.PORT).toBe(3978);
    expect(config.MicrosoftAppId).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MicrosoftAppType: 'Whatever' }, 'MicrosoftAppType'],
    [{ MicrosoftAppId: 'abc' }, 'MicrosoftAppPassword'],
    [{ MAX_MESSAGE_CHARS: '-1' }, 'MAX_MESSAGE_CHARS'],
    // Several instances must sign and check the website's tokens with one key (#21).
    [{ DATABASE_URL: 'postgres://bot@db/bot' }, 'DIRECT_LINE_TOKEN_SECRET'],
  ])('stops with a message naming the bad variable: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });

  it('accepts DATABASE_URL with a Direct Line token key, or with Azure Direct Line', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://bot@db/bot', DIRECT_LINE_TOKEN_SECRET: 'k'.repeat(32) }).DATABASE_URL).toBe('postgres://bot@db/bot');
    expect(loadConfig({ DATABASE_URL: 'postgres://bot@db/bot', DIRECT_LINE_SECRET: 'azure-secret' }).DIRECT_LINE_SECRET).toBe('azure-secret');
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});

describe('.env.example', () => {
  it('names every setting the schema knows, and nothing it does not (one list of settings)', () => {
    const example = fs.readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8');
    const listed = [...example.matchAll(/^#?\s*([A-Za-z][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!);
    const known = Object.keys(configSchema.shape);
    expect(known.filter((key) => !listed.includes(key))).toEqual([]);
    // Read by a tool, not the bot: `npm run teams:package`.
    const toolOnly = ['TEAMS_APP_VERSION'];
    expect(listed.filter((key) => !known.includes(key) && !toolOnly.includes(key))).toEqual([]);
  });

  it('parses as a valid configuration as it stands', () => {
    const example = fs.readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8');
    const env = Object.fromEntries([...example.matchAll(/^([A-Za-z][A-Za-z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(() => loadConfig(env)).not.toThrow();
  });
});
