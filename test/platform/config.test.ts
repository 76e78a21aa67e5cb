import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config.js';

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
  ])('stops with a message naming the bad variable: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
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
